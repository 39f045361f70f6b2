import { describe, expect, test } from "vitest";
import { lines, manifest, problems } from "./helpers.js";

const service = (body: string, extra = "") => `app: shop\nservices:\n  web:\n${body.replace(/^/gm, "    ")}\n${extra}`;

describe("Fargate sizes", () => {
  test("a CPU size Fargate does not have lists the sizes it has", () => {
    expect(lines(service("image: x\ncpu: 300\nmemory: 1024"))).toEqual([
      "berth.yml:5:10: services.web.cpu: 300 is not a Fargate CPU size (256, 512, 1024, 2048, 4096, 8192, 16384)",
    ]);
  });

  test("a memory size that does not pair with the CPU says which sizes do", () => {
    const [p] = problems(service("image: x\ncpu: 512\nmemory: 512"));
    expect(p).toMatchObject({
      line: 6,
      col: 13,
      path: "services.web.memory",
      message: "512 MiB is not a Fargate memory size for cpu 512: use 1024–4096 in steps of 1024",
      hint: "or keep 512 MiB with cpu 256",
    });
  });

  test("memory alone picks the smallest CPU that allows it", () => {
    const m = manifest(service("image: x\nmemory: 8192"));
    expect(m.services.web).toMatchObject({ cpu: 1024, memory: 8192 });
  });

  test("cpu alone picks the smallest memory Fargate allows for it", () => {
    expect(manifest(service("image: x\ncpu: 2048")).services.web).toMatchObject({ cpu: 2048, memory: 4096 });
  });

  test("memory too large for the default CPU mentions the default", () => {
    expect(lines(service("image: x\nmemory: 100000"))).toEqual([
      "berth.yml:5:13: services.web.memory: 100000 MiB is not a Fargate memory size for cpu 256 (cpu defaults to 256): use 512, 1024, 2048",
    ]);
  });
});

describe("image source", () => {
  test("build and image together are a conflict that says which to keep", () => {
    const [p] = problems(service("build: .\nimage: nginx"));
    expect(p).toMatchObject({
      path: "services.web.image",
      line: 5,
      message: "build and image cannot both be set",
      hint: "keep build to build from source, or image to run a prebuilt image",
    });
  });

  test("a service with neither build nor image is pointed at", () => {
    expect(lines(service("port: 80"))).toEqual([
      "berth.yml:3:3: services.web: the service has neither build nor image",
    ]);
  });
});

describe("roles and references", () => {
  test("http and queue on one service are a conflict that says how to split", () => {
    const [p] = problems(service("image: x\nport: 80\nhttp: {}\nqueue: jobs", "queues: { jobs: {} }\n"));
    expect(p).toMatchObject({
      path: "services.web.queue",
      message: "a service either serves HTTP (http) or consumes a queue (queue), not both",
    });
    expect(p?.hint).toContain("split it");
  });

  test("a queue that is not declared is an error with a did-you-mean", () => {
    expect(lines(service("image: x\nqueue: jbos", "queues: { jobs: {} }\n"))).toEqual([
      'berth.yml:5:12: services.web.queue: queue "jbos" is not declared in queues; did you mean jobs?',
    ]);
  });

  test("a volume mount must name a declared volume", () => {
    expect(lines(service("image: x\nvolumes: { media: /mnt/media }"))).toEqual([
      'berth.yml:5:16: services.web.volumes.media: volume "media" is not declared in volumes',
    ]);
  });

  test("a mount path must be absolute", () => {
    expect(lines(service("image: x\nvolumes: { media: mnt }", "volumes: { media: {} }\n"))).toEqual([
      'berth.yml:5:23: services.web.volumes.media: "mnt" is not valid: expected an absolute path such as /mnt/media',
    ]);
  });

  test("a database password secret is refused with the login that replaces it", () => {
    const [line] = lines(service("image: x\nsecrets: { PW: db:password }", "database: {}\n"));
    expect(line).toContain("berth.yml:5:20: services.web.secrets.PW: not a valid reference (value hidden)");
    expect(line).toContain("`uses: [database]` gives DATABASE_USER, which signs in with IAM");
  });

  test("uses must name the database, a queue, a bucket or a cache", () => {
    expect(lines(service("image: x\nuses: [database, uplods]", "buckets: { uploads: {} }\n"))).toEqual([
      "berth.yml:5:12: services.web.uses[0]: there is no database section",
      'berth.yml:5:22: services.web.uses[1]: "uplods" is not a queue, bucket or cache; did you mean uploads?',
    ]);
  });

  test("a queue and a bucket with one name would make uses ambiguous", () => {
    expect(lines(service("image: x", "queues: { files: {} }\nbuckets: { files: {} }\n"))).toEqual([
      'berth.yml:6:12: buckets.files: "files" names both a queue and a bucket',
    ]);
  });

  test("consuming a queue grants access without repeating it in uses", () => {
    const m = manifest(service("image: x\nqueue: jobs\nuses: [database]", "queues: { jobs: {} }\ndatabase: {}\n"));
    expect(m.services.web?.uses).toEqual(["database", "jobs"]);
  });

  test("two services on the same route are a conflict", () => {
    const text =
      "app: shop\nservices:\n  a: { image: x, port: 80, http: { path: /api } }\n  b: { image: x, port: 80, http: { path: /api } }\n";
    expect(lines(text)).toEqual(["berth.yml:4:34: services.b.http: routes the same host and path as service a"]);
  });

  test("two services on the same route of different load balancers do not conflict", () => {
    const text =
      "app: shop\nservices:\n  a: { image: x, port: 80, http: { path: /api } }\n  b: { image: x, port: 80, http: { path: /api, loadBalancer: other } }\n";
    expect(lines(text)).toEqual([]);
  });

  test("http without a port says to add one", () => {
    expect(lines(service("image: x\nhttp: {}"))).toEqual([
      "berth.yml:5:11: services.web.http: a service behind the load balancer needs a port",
    ]);
  });

  test("a health check timeout must be below the interval", () => {
    expect(lines(service("image: x\nport: 80\nhttp: { healthcheck: { interval: 5, timeout: 5 } }"))).toEqual([
      "berth.yml:6:50: services.web.http.healthcheck.timeout: timeout (5s) must be shorter than interval (5s)",
    ]);
  });
});

describe("scaling and deploy", () => {
  test("a bake too short for the release alarms to fire is refused, with the shortest that works", () => {
    const [p] = problems(service("image: x\nport: 80\nhttp: {}\ndeploy: { bake: 1m }"));
    expect(p).toMatchObject({
      path: "services.web.deploy.bake",
      hint: "set bake: 3m or more, or bake: 0m to release with no bake at all",
    });
    expect(p?.message).toContain("a bake of 1m ends before the release alarms can fire (they need 3 minutes");
    expect(lines(service("image: x\nport: 80\nhttp: {}\ndeploy: { bake: 0m }"))).toEqual([]);
  });

  test("canary and linear percentages are multiples of 0.1, as ECS requires", () => {
    expect(
      lines(service("image: x\nport: 80\nhttp: {}\ndeploy: { strategy: canary, canary: { percent: 12.34 } }")),
    ).toEqual(["berth.yml:7:52: services.web.deploy.canary.percent: 12.34 must be a multiple of 0.1"]);
    expect(
      lines(service("image: x\nport: 80\nhttp: {}\ndeploy: { strategy: linear, linear: { percent: 12.5 } }")),
    ).toEqual([]);
  });

  test("min above max is an error at min", () => {
    expect(lines(service("image: x\ncount: { min: 5, max: 2 }"))).toEqual([
      "berth.yml:5:19: services.web.count.min: min (5) is above max (2)",
    ]);
  });

  test("backlog scaling needs a queue", () => {
    expect(lines(service("image: x\ncount: { min: 0, max: 4, backlogPerTask: 10 }"))).toEqual([
      "berth.yml:5:46: services.web.count.backlogPerTask: backlogPerTask scales on a queue, but this service has no queue",
    ]);
  });

  test("a range without a target scales a worker on its queue and others on CPU", () => {
    const m = manifest(
      "app: shop\nservices:\n  worker: { image: x, queue: jobs, count: { min: 0, max: 5 } }\n  api: { image: x, count: { min: 1, max: 3 } }\nqueues: { jobs: {} }\n",
    );
    expect(m.services.worker?.count).toEqual({ min: 0, max: 5, backlogPerTask: 100 });
    expect(m.services.api?.count).toEqual({ min: 1, max: 3, cpu: 60 });
  });

  test("blue/green on a service without http is refused with the alternative", () => {
    const [p] = problems(service("image: x\ndeploy: { strategy: bluegreen }"));
    expect(p).toMatchObject({
      path: "services.web.deploy.strategy",
      message: "bluegreen shifts load balancer traffic, but this service has no http",
      hint: "use strategy: rolling for services without http",
    });
  });

  test("canary settings with another strategy are pointed out", () => {
    expect(
      lines(service("image: x\nport: 80\nhttp: {}\ndeploy: { strategy: linear, canary: { percent: 5 } }")),
    ).toEqual([
      "berth.yml:7:41: services.web.deploy.canary: canary settings apply only with strategy: canary (this service uses linear)",
    ]);
  });

  test("web services default to blue/green with fast health checks; others to rolling", () => {
    const m = manifest("app: shop\nservices:\n  web: { image: x, port: 80, http: {} }\n  worker: { image: x }\n");
    expect(m.services.web?.deploy.strategy).toBe("bluegreen");
    expect(m.services.web?.http?.healthcheck).toMatchObject({ interval: 5, healthyThreshold: 2 });
    expect(m.services.web?.http?.deregistrationDelay).toBe(15);
    expect(m.services.web?.count).toEqual({ min: 2, max: 2 });
    expect(m.services.worker?.deploy.strategy).toBe("rolling");
  });
});

describe("database", () => {
  test("a minimum of 0 capacity units needs an engine version that can pause, and says which", () => {
    expect(
      lines('app: shop\nservices: { w: { image: x } }\ndatabase: { version: "15.4", capacity: { min: 0, max: 2 } }\n'),
    ).toEqual([
      "berth.yml:3:47: database.capacity.min: aurora-postgresql 15.4 cannot scale to 0 capacity units (pause)",
    ]);
    expect(
      lines(
        'app: shop\nservices: { w: { image: x } }\ndatabase: { engine: aurora-mysql, version: "8.0.mysql_aurora.3.08.1", capacity: { min: 0 } }\n',
      ),
    ).toEqual([]);
    expect(
      lines('app: shop\nservices: { w: { image: x } }\ndatabase: { version: "17.4", capacity: { min: 0 } }\n'),
    ).toEqual([]);
  });
});

describe("database engine and region", () => {
  test("a version of another engine is refused at its line, with the versions berth knows for the engine", () => {
    const [p] = problems(
      'app: shop\nservices: { w: { image: x } }\ndatabase: { engine: aurora-mysql, version: "16.8" }\n',
    );
    expect(p).toMatchObject({ line: 3, path: "database.version" });
    expect(p?.message).toBe('"16.8" is not a version of aurora-mysql: the cluster could not be created');
    expect(p?.hint).toContain("8.0.mysql_aurora.3.08.0, 8.0.mysql_aurora.3.10.0");
    expect(
      lines('app: shop\nservices: { w: { image: x } }\ndatabase: { version: "8.0.mysql_aurora.3.08.2" }\n')[0],
    ).toContain("is not a version of aurora-postgresql");
  });

  test("Aurora PostgreSQL in a region without the RDS Data API is refused: the login could not be created", () => {
    expect(lines("app: shop\nregion: ap-southeast-4\nservices: { w: { image: x } }\ndatabase: {}\n")[0]).toContain(
      "database: the RDS Data API, through which berth creates the application's database login",
    );
    expect(lines("app: shop\nregion: eu-south-1\nservices: { w: { image: x } }\ndatabase: {}\n")).toEqual([]);
  });
});

describe("access logs", () => {
  test("access logs need no region: ELB's log delivery service writes them in every Region", () => {
    expect(lines("app: shop\naccessLogs: true\nservices:\n  web: { image: x, port: 80, http: {} }\n")).toEqual([]);
  });
});

describe("certificate", () => {
  test("a placeholder certificate ARN is refused before CloudFormation would fail on it", () => {
    for (const arn of [
      "arn:aws:acm:eu-south-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
      "arn:aws:acm:eu-west-1:210987654321:certificate/00000000-0000-0000-0000-000000000000",
    ]) {
      const [line] = lines(`app: shop\ncertificate: ${arn}\nservices:\n  web: { image: x, port: 80, http: {} }\n`);
      expect(line).toBe(
        `berth.yml:2:14: certificate: ${arn} is a placeholder, not a certificate of yours: the HTTPS listener could not be created`,
      );
    }
  });

  test("a certificate of a real-looking account is accepted", () => {
    expect(
      lines(
        "app: shop\ncertificate: arn:aws:acm:eu-west-1:210987654321:certificate/4b8e6f2a-93c1\nservices:\n  web: { image: x, port: 80, http: {} }\n",
      ),
    ).toEqual([]);
  });
});

describe("network", () => {
  test("an existing VPC needs its subnets", () => {
    expect(lines("app: shop\nservices: { w: { image: x } }\nnetwork: { vpc: vpc-0123abcd }\n")).toEqual([
      "berth.yml:3:10: network.privateSubnets: an existing VPC needs at least 2 privateSubnets in different availability zones",
      "berth.yml:3:10: network.publicSubnets: an existing VPC needs at least 2 publicSubnets in different availability zones",
    ]);
  });

  test("subnets without an existing VPC are refused", () => {
    expect(lines("app: shop\nservices: { w: { image: x } }\nnetwork: { publicSubnets: [subnet-0123abcd] }\n")).toEqual([
      "berth.yml:3:27: network.publicSubnets: subnets can be listed only with an existing VPC",
    ]);
  });
});

describe("names", () => {
  test("no services at all is an error", () => {
    expect(lines("app: shop\nservices: {}\n")).toEqual(["berth.yml:2:11: services: no services are defined"]);
  });
});

describe("CloudFormation ids", () => {
  test("two names that become the same CloudFormation id are refused", () => {
    expect(lines("app: shop\nservices:\n  a-1: { image: x }\n  a1: { image: x }\n")).toEqual([
      'berth.yml:4:3: services.a1: "a1" and "a-1" would share the CloudFormation id A1',
    ]);
  });

  test("a service and a volume may share a name", () => {
    expect(
      lines("app: shop\nservices:\n  media: { image: x, volumes: { media: /m } }\nvolumes: { media: {} }\n"),
    ).toEqual([]);
  });
});
