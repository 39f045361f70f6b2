/**
 * GitHub Actions workflow command escaping: a command's data escapes %, CR and LF; its
 * properties (file=, title=) also : and ,.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
