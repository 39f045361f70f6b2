import type { Command } from "commander";
import { examples } from "./examples.js";
import { EXIT } from "../exit-codes.js";
import { dashboardStackName, serviceStackName, stackName } from "../manifest/names.js";
import { previewBaseStackName } from "../render/preview-names.js";
import type { Problem } from "../manifest/problem.js";
import { renderApplication, renderTemplates } from "../render/render.js";
import { output, type Output } from "../ui/output.js";
import { reportProblems } from "../ui/problems.js";
import { printRenderedJson, printTemplates, writeRendered } from "../ui/rendered.js";
import { loadManifestFor, withManifestOptions, type ManifestOptions } from "./options.js";

interface RenderOptions extends ManifestOptions {
  out?: string;
}

export function register(program: Command): void {
  withManifestOptions(
    program
      .command("render")
      .description("print the CloudFormation templates and the task/service definitions; needs no AWS")
      .option(
        "-o, --out <dir>",
        "write template.yaml (environment), <service>.template.yaml, template.app.yaml, " +
          "<service>.taskdef.json and <service>.service.json here",
      )
      .addHelpText(
        "after",
        "\nWithout --out, prints every stack's template as YAML, each after a `# stack <name>` line " +
          "(--json: everything as JSON).",
      )
      .addHelpText(
        "after",
        examples([
          ["berth render", "the default environment's templates (its stack and each service's), as YAML"],
          ["berth render -e production --out .berth/render", "every file, for review or cfn-lint"],
          ["berth render -e staging --json | jq .taskDefinitions", "the task definitions as JSON"],
        ]),
      ),
  ).action(async (opts: RenderOptions) => {
    const out = output(opts);
    const loaded = await loadManifestFor("berth render", opts, out, { quotas: true });
    if (!loaded) return;
    const m = loaded.manifest;
    // The YAML printed holds only the stacks' templates: the definitions and the app stack are
    // rendered for --out and --json alone (docs/architecture.md, "Start-up").
    if (opts.out || out.json) {
      const result = renderApplication(m);
      if (!result.ok) return refuse(result.problems, out);
      if (opts.out) await writeRendered(result.rendered, opts.out, out);
      else printRenderedJson(result.rendered, out);
      return;
    }
    const result = renderTemplates(m);
    if (!result.ok) return refuse(result.problems, out);
    const names = {
      environment: stackName(m.app, m.environment),
      previewBase: previewBaseStackName(m.app),
      service: (s: string) => serviceStackName(m.app, m.environment, s),
      dashboard: dashboardStackName(m.app, m.environment),
    };
    printTemplates(result.rendered, names, out);
  });
}

function refuse(problems: Problem[], out: Output): void {
  reportProblems(problems, out, "berth render");
  process.exitCode = EXIT.usage;
}
