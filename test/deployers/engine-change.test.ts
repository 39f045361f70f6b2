import { describe, expect, test } from "vitest";
import { cloudFormationPort } from "../../src/aws/cloudformation.js";
import { engineChange } from "../../src/deployers/engine-change.js";
import { applyingStacks } from "../../src/deployers/apply-stack.js";
import { deployEnvironmentStack } from "../../src/deployers/environment-stack.js";
import { planningStacks } from "../../src/deployers/plan/plan-stack.js";
import { renderApplication } from "../../src/render/render.js";
import { useSandbox } from "../helpers/sandbox.js";
import { manifestOf } from "../render/helpers.js";

const WITH = (database: string) =>
  `app: shop\nservices: { w: { image: x, uses: [database] } }\ndatabase: ${database}\n`;
const rendered = (text: string) => {
  const result = renderApplication(manifestOf(text));
  if (!result.ok) throw new Error("render failed");
  return result.rendered;
};

describe("the engine of a deployed database", () => {
  test("a change of engine is named with what it would do and what to do instead; anything else passes", () => {
    const postgres = rendered(WITH("{}")).template;
    const mysql = rendered(WITH("{ engine: aurora-mysql }")).template;
    expect(engineChange(postgres, mysql)).toEqual({
      reason: expect.stringContaining("from aurora-postgresql to aurora-mysql") as string,
      hint: expect.stringContaining("keep database.engine: aurora-postgresql") as string,
    });
    expect(engineChange(postgres, rendered(WITH("{ capacity: { max: 8 } }")).template)).toBeUndefined();
    expect(engineChange(undefined, mysql)).toBeUndefined();
  });

  describe("in the sandbox", () => {
    const sandbox = useSandbox();
    const ports = () => ({
      cloudFormation: cloudFormationPort({ region: sandbox().region, endpoint: sandbox().endpoint }),
      listenerRules: {
        describeRuleWeights: () => Promise.reject(new Error("an environment without web services has no rules")),
      },
    });
    const applying = () => applyingStacks(ports().cloudFormation, { confirm: async () => true, pollMs: 20 });
    const planning = () => {
      const port = ports().cloudFormation;
      return planningStacks({ ...port, deleteAbandonedReview: port.deleteStack }, { pollMs: 20 });
    };

    test("deploy and diff stop before any change set when the engine of the deployed database would change", async () => {
      const postgres = manifestOf(WITH("{}"));
      const created = await deployEnvironmentStack(
        postgres,
        rendered(WITH("{}")),
        { exists: false, outputs: {} },
        ports(),
        applying(),
      );
      expect(created.result).toBe("created");
      const mysql = manifestOf(WITH("{ engine: aurora-mysql }"));
      for (const step of [applying(), planning()]) {
        const outcome = await deployEnvironmentStack(
          mysql,
          rendered(WITH("{ engine: aurora-mysql }")),
          { exists: true, outputs: {} },
          ports(),
          step,
        );
        expect(outcome).toMatchObject({
          result: "stopped",
          reason: expect.stringContaining("would not be carried over"),
        });
      }
      const unchanged = await deployEnvironmentStack(
        postgres,
        rendered(WITH("{}")),
        { exists: true, outputs: {} },
        ports(),
        applying(),
      );
      expect(unchanged.result).toBe("unchanged");
    });
  });
});
