// Where templates too large to send inline go: the app stack's template bucket. The SDK
// adapter (src/aws/template-store.ts) implements it against S3 or the sandbox.

export interface TemplateStorePort {
  /** Whether the bucket holds an object under `key`. */
  has(bucket: string, key: string): Promise<boolean>;
  put(bucket: string, key: string, body: string): Promise<void>;
  /** The region the store's client talks to, for the object's URL. */
  region(): Promise<string>;
}
