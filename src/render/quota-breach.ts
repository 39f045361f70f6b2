/** An AWS quota the rendered environment would cross, at the manifest key that crossed it. */
export interface QuotaBreach {
  path: string;
  message: string;
  hint: string;
}
