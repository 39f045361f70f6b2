import { describe, expect, test } from "vitest";
import { templateUrl } from "../../src/deployers/infrastructure/template-upload.js";
import { templateObject } from "../../src/sandbox/template-url.js";

describe("the sandbox reads a template URL as berth writes it", () => {
  test("bucket and key come back from the URL berth names a stored template by", () => {
    const url = templateUrl("shop-app-templatebucket-1a2b", "eu-west-1", "shop-default/0a1b.yaml");
    expect(templateObject(url)).toEqual({ bucket: "shop-app-templatebucket-1a2b", key: "shop-default/0a1b.yaml" });
  });

  test("a URL that names no S3 object is left to moto", () => {
    expect(templateObject("https://example.com/template.yaml")).toBeUndefined();
    expect(templateObject("not a url")).toBeUndefined();
    expect(templateObject("https://bucket.s3.eu-west-1.amazonaws.com/")).toBeUndefined();
  });
});
