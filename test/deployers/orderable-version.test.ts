import { describe, expect, test } from "vitest";
import { checkOrderableVersion } from "../../src/deployers/orderable-version.js";
import type { Found, PreflightPort } from "../../src/deployers/preflight.js";
import { manifestOf } from "../render/helpers.js";

const withDatabase = (database: string) =>
  manifestOf(`app: shop\nservices: { w: { image: x, uses: [database] } }\ndatabase: ${database}\n`);

function rds(answer: Found): PreflightPort & { asked: string[] } {
  const asked: string[] = [];
  const unused = () => Promise.reject(new Error("not asked here"));
  return {
    asked,
    imageExists: unused,
    secretExists: unused,
    certificateExists: unused,
    databaseCluster: unused,
    bucketExists: unused,
    serverlessVersionOrderable: async (engine, version) => {
      asked.push(`${engine} ${version}`);
      return answer;
    },
  };
}

describe("a new environment's database version is one RDS still offers for Serverless v2", () => {
  test("an orderable version passes, asked for the manifest's engine and version", async () => {
    const port = rds("exists");
    const m = withDatabase('{ version: "16.8" }');
    expect(await checkOrderableVersion(m, "eu-west-1", port)).toEqual({ problems: [], unchecked: [] });
    expect(port.asked).toEqual(["aurora-postgresql 16.8"]);
  });

  test("a version RDS no longer offers stops the deploy at database.version, with the command that lists what it offers", async () => {
    const m = withDatabase('{ version: "16.1" }');
    const { problems } = await checkOrderableVersion(m, "eu-west-1", rds("missing"));
    expect(problems).toEqual([
      {
        path: "database.version",
        reference: "aurora-postgresql 16.1",
        message:
          "RDS does not offer aurora-postgresql 16.1 for Aurora Serverless v2 in eu-west-1: the database could not be created",
        fix: expect.stringContaining("aws rds describe-orderable-db-instance-options --engine aurora-postgresql"),
        hint: "berth's default, 16.8, is a long-term-support minor",
      },
    ]);
  });

  test("an identity that may not ask is told which permission; an unanswered question is said, not fatal", async () => {
    const m = withDatabase("{ engine: aurora-mysql }");
    expect((await checkOrderableVersion(m, "eu-west-1", rds("denied"))).problems[0]?.fix).toBe(
      "allow rds:DescribeOrderableDBInstanceOptions (docs/permissions.md)",
    );
    expect(await checkOrderableVersion(m, "eu-west-1", rds({ unknown: "timed out" }))).toEqual({
      problems: [],
      unchecked: ["aurora-mysql 8.0.mysql_aurora.3.10.0: timed out"],
    });
  });

  test("an app without a database asks nothing", async () => {
    const port = rds("missing");
    const m = manifestOf("app: shop\nservices: { w: { image: x } }\n");
    expect(await checkOrderableVersion(m, "eu-west-1", port)).toEqual({ problems: [], unchecked: [] });
    expect(port.asked).toEqual([]);
  });
});
