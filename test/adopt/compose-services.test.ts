import { describe, expect, test } from "vitest";
import { compose, service } from "./helpers.js";

describe("a Compose service becomes a berth service", () => {
  test("build with context, dockerfile, target and args keeps them, the context from the project's directory", () => {
    const a = compose(
      "services:\n  web:\n    build: { context: app, dockerfile: Dockerfile.prod, target: runtime, args: [PY=3.12, DEBUG] }\n",
      { projectDir: "deploy" },
    );
    expect(service(a, "web").build).toEqual({
      context: "deploy/app",
      dockerfile: "Dockerfile.prod",
      target: "runtime",
      args: { PY: "3.12" },
    });
  });

  test("a build option berth has no key for is left, with what to do", () => {
    const a = compose("services:\n  web:\n    build: { context: ., ssh: [default] }\n");
    expect(service(a, "web").build).toBe(".");
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "services.web.build.ssh" }));
  });

  test("an image is run as is; with build, Compose's image name is dropped and said so", () => {
    expect(service(compose("services:\n  web:\n    image: ghcr.io/acme/web:1.4\n"), "web").image).toBe(
      "ghcr.io/acme/web:1.4",
    );
    const both = compose("services:\n  web:\n    build: .\n    image: acme/web\n");
    expect(service(both, "web").image).toBeUndefined();
    expect(both.said).toContain("services.web.image dropped");
  });

  test("a command written as one string is split into words the way Compose splits it", () => {
    const a = compose(
      `services:\n  web:\n    build: .\n    command: gunicorn app.wsgi -b "0.0.0.0:8000" --log-level 'info'\n`,
    );
    expect(service(a, "web").command).toEqual(["gunicorn", "app.wsgi", "-b", "0.0.0.0:8000", "--log-level", "info"]);
  });

  test("an entrypoint is left: berth.yml has only command", () => {
    const a = compose("services:\n  web:\n    build: .\n    entrypoint: [/docker-entrypoint.sh]\n");
    expect(service(a, "web").command).toBeUndefined();
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "services.web.entrypoint", todo: expect.stringContaining("ENTRYPOINT") }),
    );
  });

  test("deploy.resources become the nearest Fargate size that holds them", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    deploy: { resources: { limits: { cpus: '0.75', memory: 1500M } } }\n",
    );
    expect(service(a, "web")).toMatchObject({ cpu: 1024, memory: 2048 });
    expect(a.said).toContain("cpus 0.75, memory 1500 MiB → cpu 1024, memory 2048");
  });

  test("more than Fargate's largest size gets the largest, and says it did not fit", () => {
    const a = compose("services:\n  web:\n    build: .\n    mem_limit: 200g\n");
    expect(service(a, "web")).toMatchObject({ cpu: 16384, memory: 122880 });
    expect(a.said).toContain("more than Fargate's largest");
  });

  test("deploy.replicas becomes count; other deploy settings are listed", () => {
    const a = compose(
      "services:\n  worker:\n    build: .\n    deploy: { replicas: 3, placement: { constraints: [node.role==worker] } }\n",
    );
    expect(service(a, "worker").count).toBe(3);
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "services.worker.deploy.placement" }));
  });

  test("a CMD healthcheck runs as is, a CMD-SHELL one in the shell, clamped to what ECS allows", () => {
    const a = compose(
      "services:\n  a:\n    build: .\n    healthcheck: { test: [CMD, curl, -f, localhost], interval: 2s, timeout: 90s, retries: 20, start_period: 1m }\n  b:\n    build: .\n    healthcheck: { test: [CMD-SHELL, 'pg_isready || exit 1'] }\n",
    );
    expect(service(a, "a").healthcheck).toEqual({
      command: ["curl", "-f", "localhost"],
      interval: "5s",
      timeout: "60s",
      startPeriod: "60s",
      retries: 10,
    });
    expect(service(a, "b").healthcheck).toEqual({ command: "pg_isready || exit 1" });
    expect(a.said).toContain("services.a.healthcheck.interval 2s → 5s");
  });

  test("a disabled healthcheck maps to none", () => {
    const a = compose("services:\n  a:\n    build: .\n    healthcheck: { test: [NONE] }\n");
    expect(service(a, "a").healthcheck).toBeUndefined();
  });

  test("stop_grace_period, read_only and an arm64 platform map to their berth keys", () => {
    const a = compose(
      "services:\n  a:\n    build: .\n    stop_grace_period: 1m30s\n    read_only: true\n    platform: linux/arm64\n",
    );
    expect(service(a, "a")).toMatchObject({ stopTimeout: "90s", readOnlyRootFilesystem: true, arch: "arm64" });
  });

  test("settings for one Docker host are dropped with the reason; ones Fargate refuses are left with what to do", () => {
    const a = compose(
      "services:\n  a:\n    build: .\n    restart: always\n    container_name: a1\n    privileged: true\n    network_mode: host\n    user: '1000'\n",
    );
    expect(a.said).toContain("services.a.restart dropped: ECS replaces a task that stops");
    expect(a.report.left.map((l) => l.item)).toEqual(
      expect.arrayContaining(["services.a.privileged", "services.a.network_mode", "services.a.user"]),
    );
  });

  test("a service only a profile starts is left out, and said so", () => {
    const a = compose("services:\n  web:\n    build: .\n  debug:\n    image: busybox\n    profiles: [debug]\n");
    expect(Object.keys(a.manifest.services as object)).toEqual(["web"]);
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "services.debug", why: expect.stringContaining("profile debug") }),
    );
  });

  test("Compose names become berth names", () => {
    const a = compose("services:\n  Api_Server:\n    build: .\n");
    expect(Object.keys(a.manifest.services as object)).toEqual(["api-server"]);
  });
});

describe("ports: which service the load balancer serves", () => {
  test("the one published on 80 serves HTTP at /, the others keep their port off the load balancer, and are listed", () => {
    const a = compose(
      "services:\n  admin:\n    build: admin\n    ports: ['9000:9000']\n  site:\n    build: site\n    ports: ['80:3000']\n",
    );
    expect(service(a, "site")).toMatchObject({ port: 3000, http: {} });
    expect(service(a, "admin")).toMatchObject({ port: 9000 });
    expect(service(a, "admin").http).toBeUndefined();
    expect(a.report.left).toContainEqual(
      expect.objectContaining({
        item: "services.admin.ports 9000:9000",
        todo: expect.stringContaining("http: { path: /admin/* }"),
      }),
    );
  });

  test("without 80 or 443, the first service that publishes a port", () => {
    const a = compose(
      "services:\n  api:\n    build: .\n    ports: ['127.0.0.1:8000:8000/tcp']\n  web:\n    build: .\n    ports: [3000]\n",
    );
    expect(service(a, "api")).toMatchObject({ port: 8000, http: {} });
  });

  test("the load balancer checks the path the container's own healthcheck requests", () => {
    const a = compose(
      "services:\n  api:\n    build: .\n    ports: ['8000:8000']\n    healthcheck: { test: [CMD, wget, -q, 'http://localhost:8000/healthz'] }\n",
    );
    expect(service(a, "api").http).toEqual({ healthcheck: { path: "/healthz" } });
  });

  test("a reverse proxy in front of a service is dropped: the fronted service takes /", () => {
    const a = compose(
      "services:\n  proxy:\n    image: nginx:1.27\n    ports: ['80:80']\n    depends_on: [app]\n  app:\n    build: .\n    ports: ['8000:8000']\n",
    );
    expect(Object.keys(a.manifest.services as object)).toEqual(["app"]);
    expect(service(a, "app")).toMatchObject({ port: 8000, http: {} });
    expect(a.report.left).toContainEqual(
      expect.objectContaining({
        item: "services.proxy",
        why: expect.stringContaining("reverse proxy in front of app"),
      }),
    );
  });

  test("a UDP port or a port range is left: the load balancer carries HTTP to one port", () => {
    const a = compose("services:\n  dns:\n    build: .\n    ports: ['53:53/udp', '7000-7010:7000-7010']\n");
    expect(a.report.left.map((l) => l.item)).toEqual([
      "services.dns.ports 53:53/udp",
      "services.dns.ports 7000-7010:7000-7010",
    ]);
    expect(service(a, "dns").port).toBeUndefined();
  });

  test("a second published port of the web service is listed", () => {
    const a = compose("services:\n  web:\n    build: .\n    ports: ['80:8000', '9090:9090']\n");
    expect(service(a, "web").port).toBe(8000);
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "services.web.ports 9090:9090" }));
  });

  test("a service calling another by its Compose name is listed: berth's services have no names on the network", () => {
    const a = compose(
      "services:\n  web:\n    build: web\n    ports: ['80:80']\n    environment: { API_URL: 'http://api:8000/v1' }\n  api:\n    build: api\n",
    );
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "services.web.env.API_URL", why: expect.stringContaining("calls api") }),
    );
  });
});

test("the app is named by --app, else the project's name:, else its directory", () => {
  const text = "name: Web_Shop\nservices:\n  web:\n    build: .\n";
  expect(compose(text, { app: undefined }).manifest.app).toBe("web-shop");
  expect(compose("services:\n  web:\n    build: .\n", { app: undefined, directory: "Billing.API" }).manifest.app).toBe(
    "billing-api",
  );
  expect(compose(text).manifest.app).toBe("shop");
});
