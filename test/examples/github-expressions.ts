import { data, Evaluator, Lexer, Parser } from "@actions/expressions";

// GitHub's own expression language (@actions/expressions, the evaluator behind the Actions
// language service; installed with @actions/workflow-parser), so the tests read the workflows'
// `${{ … }}` and `if:` as the runner would.

const CONTEXTS = ["github", "inputs", "vars", "steps", "needs", "env", "job", "runner", "secrets"];

/** One expression (without `${{ }}`) against a context such as `{ inputs: {…}, github: {…} }`. */
export function evaluate(expression: string, context: Record<string, unknown>): data.ExpressionData {
  const { tokens } = new Lexer(expression).lex();
  const ast = new Parser(tokens, CONTEXTS, []).parse();
  const dictionary = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
  return new Evaluator(ast, dictionary).evaluate();
}

/** A workflow value with `${{ … }}` parts replaced by what they evaluate to, as the runner does. */
export function interpolate(value: string, context: Record<string, unknown>): string {
  return value.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => evaluate(expression, context).coerceString());
}

/** A job's or step's `if:`, which GitHub reads as an expression even without `${{ }}`. */
export function condition(expression: string, context: Record<string, unknown>): boolean {
  const bare = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  // `!` makes a boolean of any value with the language's own truthiness.
  return evaluate(`!(${bare})`, context).coerceString() === "false";
}
