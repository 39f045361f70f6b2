import { expect, test } from "vitest";
import { keyPosition } from "../../src/manifest/key-position.js";

const TEXT = `app: shop
services:
  web:
    image: x
    secrets:
      STRIPE: secretsmanager:prod/stripe
environments:
  production:
    services:
      web:
        secrets:
          STRIPE: secretsmanager:live/stripe
`;

test("a key an environment sets is found in its section, else in the base", () => {
  const path = "services.web.secrets.STRIPE";
  expect(keyPosition(TEXT, "berth.yml", path, "production")).toEqual({ file: "berth.yml", line: 12, col: 11 });
  expect(keyPosition(TEXT, "berth.yml", path, "staging")).toEqual({ file: "berth.yml", line: 6, col: 7 });
  expect(keyPosition(TEXT, "berth.yml", path, "default")).toEqual({ file: "berth.yml", line: 6, col: 7 });
  expect(keyPosition(TEXT, "berth.yml", "services.web.secrets.NONE", "production")).toBeUndefined();
});
