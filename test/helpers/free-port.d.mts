export function freePort(): Promise<number>;
/** Polls a URL until it answers (any status): a server's readiness, not a timing sleep. */
export function waitForHttp(url: string, what: string, isAlive: () => boolean, timeoutMs?: number): Promise<void>;
