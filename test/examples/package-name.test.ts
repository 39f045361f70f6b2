import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { expect, test } from "vitest";

// `berth` on npm is another, unrelated package: what a team installs or npx runs must be ours.
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { name: string; bin: Record<string, string> };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  name: string;
  packages: Record<string, { name?: string }>;
};

test("the package is berth-ecs, its command berth, and the lock file agrees", () => {
  expect(pkg.name).toBe("berth-ecs");
  expect(Object.keys(pkg.bin)).toEqual(["berth"]);
  expect([lock.name, lock.packages[""]?.name]).toEqual([pkg.name, pkg.name]);
});

test("action.yml runs the package by its name", () => {
  const action = parse(readFileSync("action.yml", "utf8")) as { runs: { steps: Array<{ run: string }> } };
  expect(action.runs.steps[0]!.run).toContain(`npx --yes "${pkg.name}@\${BERTH_INPUT_PACKAGE}"`);
});

test("every install or npx line in the docs names the package, never the other berth", () => {
  for (const file of ["README.md", "docs/github-actions.md", "CHANGELOG.md"]) {
    const text = readFileSync(file, "utf8");
    expect(text, file).not.toMatch(/npm (install|i)( -{1,2}[\w-]+)* berth(@|\s|$)/m);
    expect(text, file).not.toMatch(/npx (--yes )?berth@/);
  }
  const readme = readFileSync("README.md", "utf8");
  expect(readme).toContain(`npm install --save-dev ${pkg.name}`);
  expect(readme).toMatch(new RegExp(`npx ${pkg.name}@\\d+\\.\\d+\\.\\d+ validate`));
  expect(readme).toMatch(new RegExp(`npm install --global ${pkg.name}@\\d+\\.\\d+\\.\\d+`));
});
