// The AWS SDK warns, through process.emitWarning and in a dozen lines, that its releases
// published after the first week of January 2027 require Node.js 22
// (NodeVersionSupportWarning in @aws-sdk/core, https://a.co/c895JFp). berth turns that off
// (settings.ts) and says it once, in one line of its own, at the end of a run that used the SDK.

/** The first Node.js major the SDK's releases from January 2027 run on. */
const SDK_NODE_MAJOR = 22;

let sdkConfigured = false;

/** Called when an SDK client is configured: the notice concerns only runs that reach AWS. */
export function noteSdkConfigured(): void {
  sdkConfigured = true;
}

/** What berth says on a Node.js the SDK's 2027 releases will not run on, or undefined. */
export function nodeSupportNotice(nodeVersion: string): string | undefined {
  const major = Number(/^v?(\d+)/.exec(nodeVersion)?.[1]);
  if (!(major < SDK_NODE_MAJOR)) return undefined;
  return (
    `note: this is Node.js ${nodeVersion}; AWS SDK releases published after the first week of January 2027 ` +
    `need Node.js ${SDK_NODE_MAJOR} or later, and so will berth's releases after then: upgrade Node.js before then`
  );
}

/** The notice for this run, once: only when it configured an SDK client. */
export function takeNodeSupportNotice(nodeVersion: string = process.version): string | undefined {
  if (!sdkConfigured) return undefined;
  sdkConfigured = false;
  return nodeSupportNotice(nodeVersion);
}
