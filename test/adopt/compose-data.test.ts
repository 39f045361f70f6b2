import { describe, expect, test } from "vitest";
import { adoptCompose } from "../../src/adopt/compose.js";
import { compose, composeInput, service } from "./helpers.js";

describe("environment and credentials", () => {
  test("plain variables become env, in list or map form, env files first and environment over them", () => {
    const files: Record<string, string> = { "app.env": "# comment\nexport LOG_LEVEL=debug\nTZ='UTC'\n" };
    const a = compose(
      "services:\n  web:\n    build: .\n    env_file: app.env\n    environment: [LOG_LEVEL=info, WORKERS=4]\n",
      { read: (p) => files[p] },
    );
    expect(service(a, "web").env).toEqual({ LOG_LEVEL: "info", TZ: "UTC", WORKERS: "4" });
  });

  test("credential-looking values become Secrets Manager references to create, and never appear in berth.yml", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    environment:\n      DJANGO_SECRET_KEY: hunter2hunter2\n      STRIPE_KEY: sk_live_4eC39HqLyjWDarjtT1zdp7dc\n      SENTRY_DSN: https://abc:def@sentry.io/1\n      DEBUG: '0'\n",
    );
    expect(service(a, "web").secrets).toEqual({
      DJANGO_SECRET_KEY: "secretsmanager:shop/DJANGO_SECRET_KEY",
      STRIPE_KEY: "secretsmanager:shop/STRIPE_KEY",
      SENTRY_DSN: "secretsmanager:shop/SENTRY_DSN",
    });
    expect(service(a, "web").env).toEqual({ DEBUG: "0" });
    for (const value of ["hunter2hunter2", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "abc:def"]) {
      expect(a.text).not.toContain(value);
      expect(JSON.stringify(a.report)).not.toContain(value);
    }
    expect(a.report.secretsToCreate).toContainEqual({
      reference: "secretsmanager:shop/STRIPE_KEY",
      from: "the value of STRIPE_KEY in services.web.environment",
    });
  });

  test("a credential read from an env file is a secret too, and the report says which file holds it", () => {
    const a = compose("services:\n  web:\n    build: .\n    env_file: [.env.prod]\n", {
      read: (p) => (p === ".env.prod" ? "API_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a\n" : undefined),
    });
    expect(service(a, "web").secrets).toEqual({ API_TOKEN: "secretsmanager:shop/API_TOKEN" });
    expect(a.report.secretsToCreate[0]?.from).toBe("the value of API_TOKEN in env_file .env.prod");
  });

  test("a missing env file is left, with what to do", () => {
    const a = compose("services:\n  web:\n    build: .\n    env_file: missing.env\n");
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "services.web.env_file missing.env" }));
  });

  test("a variable that takes its value from the shell gets it from the variables given, else is left", () => {
    const a = compose("services:\n  web:\n    build: .\n    environment: [REGION, MISSING]\n", {
      vars: { REGION: "eu-west-1" },
    });
    expect(service(a, "web").env).toEqual({ REGION: "eu-west-1" });
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "services.web.environment.MISSING" }));
  });

  test("a literal ${ in a value stays literal in berth.yml, which would otherwise read it as a variable", () => {
    const a = compose("services:\n  web:\n    build: .\n    environment: { GREETING: 'cost: $${PRICE}' }\n");
    expect(service(a, "web").env).toEqual({ GREETING: "cost: $${PRICE}" });
  });

  test("Compose secrets become Secrets Manager references read from a variable of the same name", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    secrets: [api-key]\nsecrets:\n  api-key: { file: ./api-key.txt }\n",
    );
    expect(service(a, "web").secrets).toEqual({ API_KEY: "secretsmanager:shop/api-key" });
    expect(a.said).toContain("passed as environment variable API_KEY, not as the file /run/secrets/api-key");
  });
});

describe("interpolation and several files", () => {
  test("${VAR} reads the shell's variables, then .env's defaults; unset ones are empty and said so", () => {
    const a = compose(
      "services:\n  web:\n    image: 'acme/web:${TAG:-latest}'\n    environment: { MODE: '${MODE}', GONE: 'x${NOPE}' }\n",
      { vars: { MODE: "prod" } },
    );
    expect(service(a, "web")).toMatchObject({ image: "acme/web:latest", env: { MODE: "prod", GONE: "x" } });
    expect(a.said).toContain("${NOPE} is set neither in the shell nor in .env");
  });

  test("a later file overrides as Compose merges: maps by key, command replaced, environment by name, ports added, volumes by target", () => {
    const base =
      "services:\n  web:\n    build: .\n    command: [python, dev.py]\n    environment: [A=1, B=2]\n    ports: ['80:8000']\n    volumes: [media:/srv/media]\nvolumes: { media: {}, uploads: {} }\n";
    const prod =
      "services:\n  web:\n    command: [gunicorn, app]\n    environment: { B: '3' }\n    ports: ['9100:9100']\n    volumes: [uploads:/srv/media]\n";
    const result = adoptCompose(
      composeInput("", {
        files: [
          { path: "compose.yaml", text: base },
          { path: "compose.prod.yaml", text: prod },
        ],
      }),
    );
    if (!result.ok) throw new Error(result.message);
    expect((result.manifest.services as Record<string, unknown>).web).toMatchObject({
      command: ["gunicorn", "app"],
      env: { A: "1", B: "3" },
      port: 8000,
      volumes: { uploads: "/srv/media" },
    });
    expect(result.report.left).toContainEqual(expect.objectContaining({ item: "services.web.ports 9100:9100" }));
  });
});

describe("the database", () => {
  test.each([
    ["postgres:15.6-alpine", "aurora-postgresql", "15.7"],
    ["postgis/postgis:16-3.4", "aurora-postgresql", "16.8"],
    ["postgres:17", "aurora-postgresql", "17.4"],
    ["mysql:8.0", "aurora-mysql", "8.0.mysql_aurora.3.10.0"],
    ["mariadb:11", "aurora-mysql", "8.0.mysql_aurora.3.10.0"],
  ])("%s becomes Aurora %s %s", (image, engine, version) => {
    const a = compose(`services:\n  web:\n    build: .\n    depends_on: [db]\n  db:\n    image: ${image}\n`);
    expect(a.manifest.database).toEqual({ engine, version });
    expect(service(a, "web").uses).toEqual(["database"]);
  });

  test("a major Aurora does not run, or no version at all, maps to berth's default and says what to check", () => {
    expect(compose("services:\n  w:\n    build: .\n  db:\n    image: postgres:11\n").said).toContain(
      "PostgreSQL 11 has no Aurora Serverless v2 version",
    );
    expect(compose("services:\n  w:\n    build: .\n  db:\n    image: postgres\n").said).toContain("names no version");
    expect(compose("services:\n  w:\n    build: .\n  db:\n    image: mariadb:10\n").said).toContain(
      "Aurora has no MariaDB",
    );
  });

  test("the database's name is kept; the app's connection variables are dropped for berth's own, and the data steps printed", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    environment: [DATABASE_URL=postgres://app:s3cret@db:5432/shop, DB_PASSWORD=s3cret]\n  db:\n    image: postgres:16\n    environment: [POSTGRES_DB=shop, POSTGRES_USER=app, POSTGRES_PASSWORD=s3cret]\n",
    );
    expect(a.manifest.database).toMatchObject({ name: "shop" });
    expect(service(a, "web")).toMatchObject({ uses: ["database"] });
    expect(service(a, "web").env).toBeUndefined();
    expect(service(a, "web").secrets).toBeUndefined();
    expect(a.text).not.toContain("s3cret");
    expect(a.said).toContain("DATABASE_URL dropped: berth gives services that use the database DATABASE_HOST");
    expect(a.report.steps[0]?.lines.join("\n")).toContain("docker compose exec -T db pg_dump -U app --format=custom");
    expect(a.report.steps[0]?.lines.join("\n")).toContain("REASSIGN OWNED BY berth_admin TO berth_app");
  });

  test("MySQL data moves with mysqldump; AWS DMS is named for a copy without downtime", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n  db:\n    image: mysql:8\n    environment: { MYSQL_DATABASE: shop }\n",
    );
    const steps = a.report.steps[0]!.lines.join("\n");
    expect(steps).toContain("mysqldump -u root -p --single-transaction");
    expect(steps).toContain("AWS DMS");
  });

  test("a second database is left: berth makes one per app", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n  legacy:\n    image: mysql:8\n",
    );
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "services.legacy", why: expect.stringContaining("one database per app") }),
    );
  });

  test("the database's password secret is dropped from the services: they sign in with IAM", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    secrets: [db-password]\n  db:\n    image: postgres:16\n    secrets: [db-password]\nsecrets: { db-password: { file: pw.txt } }\n",
    );
    expect(service(a, "web").secrets).toBeUndefined();
    expect(a.said).toContain("services.web.secrets db-password dropped: it is the database's password");
  });
});

describe("broker, caches and other data stores", () => {
  const celery = (broker: string) =>
    `services:\n  web:\n    build: .\n    ports: ['80:8000']\n    environment: { CELERY_BROKER_URL: '${broker}' }\n  worker:\n    build: .\n    command: celery -A app worker -l info\n    depends_on: [queue]\n  beat:\n    build: .\n    command: [celery, -A, app, beat]\n  queue:\n    image: ${broker.startsWith("amqp") ? "rabbitmq:3-management" : "redis:7"}\n`;

  test.each(["redis://queue:6379/0", "amqp://guest:guest@queue:5672//"])(
    "Celery's broker %s becomes an SQS queue the worker consumes and the others send to",
    (url) => {
      const a = compose(celery(url));
      expect(a.manifest.queues).toEqual({ celery: { visibilityTimeout: "30m" } });
      expect(service(a, "worker")).toMatchObject({ queue: "celery", env: { CELERY_BROKER_URL: "sqs://" } });
      expect(service(a, "web")).toMatchObject({ uses: ["celery"], env: { CELERY_BROKER_URL: "sqs://" } });
      expect(service(a, "beat")).toMatchObject({ uses: ["celery"] });
      expect(a.text).not.toContain("guest:guest");
      expect(a.report.steps.map((s) => s.title)).toContainEqual(expect.stringMatching(/Switch Celery from .* to SQS/));
      expect(a.said).toContain("predefined_queues");
    },
  );

  test("Redis or Valkey without Celery is a berth cache its users reach; Memcached is left, with why", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    environment: { CACHE_URL: 'redis://cache:6379/1' }\n  cache:\n    image: valkey/valkey:8\n  sessions:\n    image: memcached:1.6\n",
    );
    expect(a.manifest.queues).toBeUndefined();
    expect(a.manifest.caches).toEqual({ cache: {} });
    expect(service(a, "web")).toMatchObject({ uses: ["cache"] });
    // The VM's URL goes: berth gives its own, with TLS and the token.
    expect(service(a, "web").env).toBeUndefined();
    expect(a.said).toContain("CACHE_CACHE_URL and CACHE_CACHE_AUTH_TOKEN");
    expect(a.report.mapped).toContainEqual(
      expect.stringMatching(/^services\.cache \(valkey\/valkey:8\) → caches\.cache/),
    );
    expect(a.report.left).toContainEqual(
      expect.objectContaining({
        item: "services.sessions (Memcached)",
        why: "berth's caches are Valkey, which speaks Redis's protocol, not Memcached's",
      }),
    );
  });

  test("a Redis that is Celery's broker and the web's cache becomes both: an SQS queue, and a cache for who names it so", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    ports: ['80:8000']\n    environment: { CELERY_BROKER_URL: 'redis://redis:6379/0', CACHE_URL: 'redis://redis:6379/1' }\n  worker:\n    build: .\n    command: celery -A app worker\n    environment: { CELERY_BROKER_URL: 'redis://redis:6379/0' }\n  redis:\n    image: redis:7\n",
    );
    expect(a.manifest.queues).toEqual({ celery: { visibilityTimeout: "30m" } });
    expect(a.manifest.caches).toEqual({ redis: {} });
    expect((service(a, "web").uses as string[]).sort()).toEqual(["celery", "redis"]);
    expect(service(a, "worker").uses ?? []).not.toContain("redis");
    expect(a.said).toContain("CACHE_URL dropped: berth gives services that use the cache CACHE_REDIS_URL");
    // Without a cache's variable the broker's Redis is the broker alone.
    expect(compose(celery("redis://queue:6379/0")).manifest.caches).toBeUndefined();
  });

  test("a Redis that keeps its data on a volume is a cache still, and the report says its data is not moved", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    depends_on: [redis]\n  redis:\n    image: redis:7\n    command: redis-server --appendonly yes\n    volumes: ['redis-data:/data']\nvolumes: { redis-data: {} }\n",
    );
    expect(a.manifest.caches).toEqual({ redis: {} });
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "services.redis: its data" }));
  });

  test("RabbitMQ without Celery, MongoDB and Elasticsearch are left, each with what to run instead", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n  mq:\n    image: rabbitmq:3\n  mongo:\n    image: mongo:7\n  search:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n",
    );
    const left = Object.fromEntries(a.report.left.map((l) => [l.item, l.todo]));
    expect(left["services.mq (RabbitMQ)"]).toContain("Amazon MQ");
    expect(left["services.mongo (MongoDB)"]).toContain("DocumentDB");
    expect(left["services.search (Elasticsearch)"]).toContain("OpenSearch");
  });
});

describe("volumes", () => {
  test("a named volume a service writes becomes an EFS volume mounted where it was, with the copy steps", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    volumes: ['media_files:/srv/media']\n  worker:\n    build: .\n    volumes: [{ type: volume, source: media_files, target: /data/media, read_only: true }]\nvolumes: { media_files: {} }\n",
    );
    expect(a.manifest.volumes).toEqual({ "media-files": {} });
    expect(service(a, "web").volumes).toEqual({ "media-files": "/srv/media" });
    expect(service(a, "worker").volumes).toEqual({ "media-files": "/data/media" });
    expect(a.report.steps.find((s) => s.title.includes("media-files"))?.lines.join("\n")).toContain(
      "docker compose cp web:/srv/media",
    );
  });

  test("a volume only ever mounted read-only is left: nothing in the app writes it", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    volumes: ['static:/srv/static:ro']\nvolumes: { static: {} }\n",
    );
    expect(a.manifest.volumes).toBeUndefined();
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "volumes.static" }));
  });

  test("a bind mount is left: a task has no host directory; tmpfs and anonymous volumes are the task's own storage", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n    volumes: ['./src:/app', /tmp/cache, { type: tmpfs, target: /run }]\n",
    );
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "services.web.volumes ./src:/app" }));
    expect(a.said).toContain("services.web.volumes /tmp/cache dropped: a anonymous mount");
  });
});

describe("refusals", () => {
  test("YAML that does not parse is refused at its line and column", () => {
    const r = adoptCompose(composeInput("services:\n  web:\n    build: [\n"));
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/^compose\.yaml:\d+:\d+: not valid YAML/) });
  });

  test("a file without services, or not a map, is refused with what a Compose file holds", () => {
    expect(adoptCompose(composeInput("volumes: {}\n"))).toMatchObject({
      ok: false,
      message: "compose.yaml: no services",
    });
    expect(adoptCompose(composeInput("- a\n"))).toMatchObject({
      ok: false,
      message: expect.stringContaining("not a Compose file"),
    });
  });

  test("a project with only a database and a cache is refused: berth runs the application's own containers", () => {
    expect(
      adoptCompose(composeInput("services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis\n")),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining("no service berth can run"),
    });
  });
});

describe("credentials elsewhere", () => {
  test("a credential passed as a build argument is left out of berth.yml and listed", () => {
    const a = compose(
      "services:\n  web:\n    build: { context: ., args: { NODE_ENV: production, NPM_TOKEN: npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 } }\n",
    );
    expect(service(a, "web").build).toEqual({ context: ".", args: { NODE_ENV: "production" } });
    expect(a.text).not.toContain("npm_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789");
    expect(a.report.left).toContainEqual(expect.objectContaining({ item: "services.web.build.args.NPM_TOKEN" }));
  });

  test("a Celery worker on queues of its own is listed: berth made one queue", () => {
    const a = compose(
      "services:\n  web:\n    build: .\n  worker:\n    build: .\n    command: celery -A app worker -Q emails,reports\n    depends_on: [redis]\n  redis:\n    image: redis:7\n",
    );
    expect(service(a, "worker").queue).toBe("celery");
    expect(a.report.left).toContainEqual(
      expect.objectContaining({ item: "services.worker.command -Q emails,reports" }),
    );
  });
});

test("a database setting that is not a connection setting is kept", () => {
  const a = compose(
    "services:\n  web:\n    build: .\n    environment: { DB_POOL_SIZE: '10', PGHOST: db }\n  db:\n    image: postgres:16\n",
  );
  expect(service(a, "web").env).toEqual({ DB_POOL_SIZE: "10" });
  expect(a.said).toContain("PGHOST dropped");
});

test("a Celery service whose Compose name is not a berth name still sends to the queue", () => {
  const a = compose(
    "services:\n  web:\n    build: .\n  Celery_Beat:\n    build: .\n    command: celery -A app beat\n  worker:\n    build: .\n    command: celery -A app worker\n    depends_on: [redis]\n  redis:\n    image: redis:7\n",
  );
  expect(service(a, "celery-beat").uses).toEqual(["celery"]);
});

test("a database no service depends on or names is mapped, and the report asks who uses it", () => {
  const a = compose("services:\n  web:\n    build: .\n  db:\n    image: postgres:16\n");
  expect(service(a, "web").uses).toBeUndefined();
  expect(a.report.left).toContainEqual(
    expect.objectContaining({
      item: "services.db: its users",
      todo: "add uses: [database] to each service that connects to it",
    }),
  );
});
