/** An answer the sandbox's proxy gives itself, instead of moto's (sandbox/proxy.ts). */
export interface ProxyReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}
