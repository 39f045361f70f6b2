export interface RegistryServer {
  /** 127.0.0.1:PORT */
  host: string;
  username: string;
  password: string;
  /** Apache-style access log lines for /v2/ requests so far. */
  accessLog(): string[];
  stop(): Promise<void>;
}
export function startRegistry(): Promise<RegistryServer>;
