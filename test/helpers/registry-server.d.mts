export interface RegistryServer {
  /** 127.0.0.1:PORT */
  host: string;
  username: string;
  password: string;
  /** Apache-style access log lines for /v2/ requests answered so far (waits until they are logged). */
  accessLog(): Promise<string[]>;
  stop(): Promise<void>;
}
export function startRegistry(): Promise<RegistryServer>;
