import type { Block, Vars } from "./fill-block.js";

export interface Output {
  Value: unknown;
  Description?: string;
}

export interface Template {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  /** Only service stacks have parameters: the environment's values they use (src/render/service-stack.ts). */
  Parameters?: Record<string, { Type: "String"; Description?: string }>;
  Resources: Record<string, unknown>;
  Outputs: Record<string, Output>;
}

interface Filled {
  Resources?: Record<string, unknown>;
  Outputs?: Record<string, Output>;
}

/** Collects building blocks into one template; a logical id used twice is a bug, not a merge. */
export class TemplateBuilder {
  private readonly resources: Record<string, unknown> = {};
  private readonly outputs: Record<string, Output> = {};

  add(block: Block, vars: Vars): void {
    const filled: Filled = block(vars);
    this.merge(this.resources, filled.Resources ?? {}, "resource");
    this.merge(this.outputs, filled.Outputs ?? {}, "output");
  }

  output(name: string, value: unknown): void {
    this.merge(this.outputs, { [name]: { Value: value } }, "output");
  }

  build(description: string): Template {
    return {
      AWSTemplateFormatVersion: "2010-09-09",
      Description: description,
      Resources: this.resources,
      Outputs: this.outputs,
    };
  }

  private merge<T>(into: Record<string, T>, from: Record<string, T>, kind: string): void {
    for (const [id, value] of Object.entries(from)) {
      if (id in into) throw new Error(`two building blocks define the ${kind} ${id}`);
      into[id] = value;
    }
  }
}

export const ref = (id: string) => ({ Ref: id });
export const getAtt = (id: string, attribute: string) => ({ "Fn::GetAtt": [id, attribute] });
export const sub = (text: string) => ({ "Fn::Sub": text });
