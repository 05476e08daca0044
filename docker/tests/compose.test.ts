// docker/compose.yaml, checked without Docker (our CI machines have none): valid against the
// Compose Specification's JSON schema, every app of the workspace a service with its health
// check and start order, and every service's configuration accepted by the app's own zod schema
// in the sandbox default, with docker/.env.example as shipped, and with it filled in.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dashboardAppEnv, resolveDashboardAuth } from "@recon/dashboard";
import { leastPrivilegeSql } from "@recon/db";
import { checkFleetConfig, checkSourceCredentials, fleetEnv } from "@recon/fleet";
import * as runtime from "@recon/runtime";
import { databaseEnv, healthEnv, migrationEnv, parseEnv } from "@recon/runtime";
import { schedulerEnv } from "@recon/scheduling";
import { SOURCE_LOCATION_SETTINGS } from "@recon/sources";
import { resolveAccess, slackBotEnv } from "@recon/slack-bot";
import { Ajv, type ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { deployableApps, DOCKER_DIR, interpolate, interpolateTree, readComposeYaml, readEnvFile, type Env, type VariableUse } from "./compose-file";

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  profiles?: string[];
  read_only?: boolean;
  user?: string;
  tmpfs?: string[];
  restart?: string;
  volumes?: string[];
  stop_grace_period?: string;
}

interface Compose {
  services: Record<string, Service>;
}

/** The long-running apps (each serves /readyz on HEALTH_PORT) and the CLI's package. */
const CLI_PACKAGE = "@recon/cli";
const HEALTH_PORT = "9464";
const SHUTDOWN_TIMEOUT_S = 25;

function keysOf(schema: { shape: Record<string, unknown> }): string[] {
  return Object.keys(schema.shape);
}

/** Every variable an app's configuration declares (what it parses at start), per app. */
const workerVariables = [...keysOf(fleetEnv), ...keysOf(healthEnv)];
/** The CLI parses a command's own fragments: every fragment of @recon/runtime. */
const cliVariables = Object.entries(runtime)
  .filter(([name, value]) => name.endsWith("Env") && typeof value === "object" && value !== null && "shape" in value)
  .flatMap(([, value]) => keysOf(value as { shape: Record<string, unknown> }));
const APP_VARIABLES: Record<string, string[]> = {
  "fetch-worker": workerVariables,
  "reconcile-worker": workerVariables,
  "report-worker": workerVariables,
  "notify-worker": workerVariables,
  scheduler: [...keysOf(schedulerEnv.in), ...keysOf(healthEnv)],
  dashboard: keysOf(dashboardAppEnv),
  "slack-bot": keysOf(slackBotEnv),
  recon: cliVariables,
};
/** Node's own, documented in docs/operations.md (the reconcile workers' heap limit). */
const NODE_VARIABLES = ["NODE_OPTIONS"];

let schema: Record<string, unknown>;
let validate: ValidateFunction;
let raw: Record<string, unknown>;
let envExample: Record<string, string>;

beforeAll(() => {
  schema = JSON.parse(readFileSync(join(DOCKER_DIR, "schema", "compose-spec.json"), "utf8")) as Record<string, unknown>;
  // The schema is draft-07 ("$schema": "https://json-schema.org/draft-07/schema"): Ajv's default
  // class, with the draft-07 meta-schema also known under that https address. Strict mode, so
  // an unknown keyword or format in a later version of the schema fails here instead of passing
  // unchecked; the schema uses no `format`, so ajv-formats is not needed.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  const draft07 = ajv.getSchema("http://json-schema.org/draft-07/schema")!.schema as Record<string, unknown>;
  ajv.addMetaSchema({ ...draft07, $id: schema.$schema as string });
  validate = ajv.compile(schema);
  raw = readComposeYaml("compose.yaml");
  envExample = readEnvFile(".env.example");
});

function schemaErrors(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`);
}

/** compose.yaml as Compose runs it with this environment (the shell's plus docker/.env). */
function composeWith(env: Env): Compose {
  return interpolateTree(raw, env) as Compose;
}

/** Services running the recon image (built from docker/Dockerfile), by the app they run. */
function reconServices(compose: Compose): Array<[string, Service]> {
  return Object.entries(compose.services).filter(([, service]) => service.build?.dockerfile === "docker/Dockerfile");
}

const ENTRYPOINT = "/app/docker/entrypoint.sh";

/**
 * What a recon-image service runs: the image's entrypoint takes the app as its first argument
 * (from the command, or fixed in an overridden entrypoint); another entrypoint is a plain program.
 */
function appOf(service: Service): string | undefined {
  if (service.entrypoint === undefined) return service.command?.[0];
  return service.entrypoint[0] === ENTRYPOINT ? (service.entrypoint[1] ?? service.command?.[0]) : service.entrypoint[0];
}

/** The long-running apps: every deployable app but the CLI. */
function longRunningApps(): string[] {
  return deployableApps()
    .filter((app) => app.name !== CLI_PACKAGE)
    .map((app) => app.dir);
}

const filledIn: Env = {
  INTERNAL_API_URL: "https://ledger.example.com/api",
  INTERNAL_API_TOKEN: "ledger-token",
  STRIPE_API_KEY: "sk_live_example",
  OIDC_ISSUER_URL: "https://login.example.com/",
  OIDC_CLIENT_ID: "recon",
  OIDC_CLIENT_SECRET: "client-secret",
  DASHBOARD_PUBLIC_URL: "https://recon.example.com",
  OIDC_OPERATOR_GROUPS: "recon-ops",
  DASHBOARD_SESSION_SECRET: "0123456789abcdef0123456789abcdef",
  POSTGRES_PASSWORD: "a1",
  RECON_OWNER_PASSWORD: "b2",
  RECON_FLEET_PASSWORD: "c3",
  REDIS_PASSWORD: "d4",
  S3_ROOT_USER: "root-user",
  S3_ROOT_PASSWORD: "e5e5e5e5e5",
  SLACK_SIGNING_SECRET: "signing-secret",
  SLACK_BOT_TOKEN: "xoxb-example",
  SLACK_ALLOWED_CHANNELS: "C0123456",
};

describe("the interpolation these tests use", () => {
  it("follows the Compose Specification's syntax", () => {
    const uses: VariableUse[] = [];
    expect(interpolate("a${X:-b${Y:-c}}d $$Z ${W-w} $V", { Y: "y", V: "v", W: "" }, uses)).toBe("abyd $Z  v");
    expect(uses.map((use) => `${use.name}:${use.hasFallback}`)).toEqual(["X:true", "Y:true", "W:true", "V:false"]);
    expect(interpolate("${X:-}", { X: "" })).toBe("");
    expect(interpolate("${X:+set}", { X: "1" })).toBe("set");
    expect(() => interpolate("${X:?needed}", {})).toThrow("X is missing a value: needed");
    expect(() => interpolate("${X:-a", {})).toThrow("unterminated");
  });
});

describe("compose.yaml against the Compose Specification", () => {
  it("validates as written, and interpolated with no .env, with .env.example and with it filled in", () => {
    expect(schemaErrors(raw)).toEqual([]);
    expect(schemaErrors(composeWith({}))).toEqual([]);
    expect(schemaErrors(composeWith(envExample))).toEqual([]);
    expect(schemaErrors(composeWith({ ...envExample, ...filledIn }))).toEqual([]);
  });

  it("fails a file Compose would refuse: an unknown key, a bad depends_on condition, a wrong type", () => {
    const unknownKey = structuredClone(raw) as unknown as Compose & Record<string, unknown>;
    (unknownKey.services.dashboard as Record<string, unknown>).helthcheck = unknownKey.services.dashboard!.healthcheck;
    expect(schemaErrors(unknownKey).join("\n")).toContain('/services/dashboard must NOT have additional properties {"additionalProperty":"helthcheck"}');

    const badCondition = structuredClone(raw) as unknown as Compose;
    badCondition.services["fetch-worker"]!.depends_on!.migrate!.condition = "service_finished";
    expect(schemaErrors(badCondition).join("\n")).toContain("/services/fetch-worker/depends_on/migrate/condition must be equal to one of the allowed values");

    const wrongType = structuredClone(raw) as unknown as Compose & Record<string, unknown>;
    (wrongType.services.redis as Record<string, unknown>).healthcheck = { test: ["CMD", "redis-cli", "ping"], interval: 5 };
    expect(schemaErrors(wrongType).join("\n")).toContain("/services/redis/healthcheck/interval must be string");

    const topLevel = { ...raw, service: {} };
    expect(schemaErrors(topLevel).join("\n")).toContain('must NOT have additional properties {"additionalProperty":"service"}');
  });

  it("compose.dev.yaml (Postgres and Redis for development) validates too", () => {
    expect(schemaErrors(readComposeYaml("compose.dev.yaml"))).toEqual([]);
  });
});

describe("every app of the fleet", () => {
  it("is a service of the one image, named after the app, and the CLI runs the migration", () => {
    const compose = composeWith({});
    const apps = deployableApps();
    expect(apps.map((app) => app.name)).toContain(CLI_PACKAGE);
    const running = new Map(reconServices(compose).map(([name, service]) => [name, appOf(service)]));
    for (const app of longRunningApps()) {
      expect(running.get(app), `service ${app}`).toBe(app);
      expect(compose.services[app]!.command).toEqual([app]);
    }
    // @recon/cli is `recon` in the image: the migration, and the tools service for one-off commands.
    expect(compose.services.migrate!.command).toEqual(["recon", "migrate"]);
    expect(compose.services.recon!.entrypoint).toEqual([ENTRYPOINT, "recon"]);
    // And nothing runs an app the workspace does not have (chown is the reports volume's init).
    const known = new Set([...longRunningApps(), "recon", "chown"]);
    expect([...running.values()].filter((app) => !known.has(app ?? ""))).toEqual([]);
    for (const [, service] of reconServices(compose)) expect(service.build).toEqual({ context: "..", dockerfile: "docker/Dockerfile" });
  });

  it("has a health check on /readyz, waits for Postgres, Redis and the migration, and runs non-root on a read-only root", () => {
    const compose = composeWith({});
    for (const app of longRunningApps()) {
      const service = compose.services[app]!;
      expect(service.healthcheck?.test.join(" "), app).toContain(`http://127.0.0.1:${HEALTH_PORT}/readyz`);
      expect(service.environment?.HEALTH_PORT, app).toBe(HEALTH_PORT);
      expect(service.depends_on, app).toMatchObject({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
        migrate: { condition: "service_completed_successfully" },
        "db-roles": { condition: "service_completed_successfully" },
      });
      expect(service.restart, app).toBe("unless-stopped");
      expect(service.read_only, app).toBe(true);
      expect(service.tmpfs, app).toContain("/tmp");
      expect(service.user, app).toBe("1000:1000");
      expect(Number.parseInt(service.stop_grace_period ?? "0", 10), app).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_S + 10);
    }
    // Every dependency named has a health check when it must be healthy.
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(compose.services[dependency], `${name} -> ${dependency}`).toBeDefined();
        if (condition === "service_healthy") expect(compose.services[dependency]!.healthcheck, `${dependency}'s health check`).toBeDefined();
      }
    }
  });

  it("only the Slack bot needs a profile (it needs a Slack app), and the dashboard is published on loopback", () => {
    const compose = composeWith({});
    for (const app of longRunningApps()) expect(compose.services[app]!.profiles, app).toEqual(app === "slack-bot" ? ["slack"] : undefined);
    expect(compose.services.dashboard!.ports).toEqual([`127.0.0.1:3000:${compose.services.dashboard!.environment!.DASHBOARD_PORT}`]);
    expect(composeWith({ DASHBOARD_HOST_PORT: "8080" }).services.dashboard!.ports).toEqual(["127.0.0.1:8080:3000"]);
  });

  it("is configured only with variables its zod schema declares", () => {
    for (const [name, service] of reconServices(composeWith({}))) {
      const app = appOf(service)!;
      if (app === "chown") continue;
      const declared = new Set([...(APP_VARIABLES[app] ?? []), ...NODE_VARIABLES]);
      expect(APP_VARIABLES[app], `schema of ${app}`).toBeDefined();
      const undeclared = Object.keys(service.environment ?? {}).filter((variable) => !declared.has(variable));
      expect(undeclared, `${name}: variables no schema of ${app} declares`).toEqual([]);
    }
  });

  it("passes every source's settings (from the source registry) to the fetch worker, and to nothing else", () => {
    const compose = composeWith({});
    expect(Object.keys(compose.services["fetch-worker"]!.environment ?? {})).toEqual(expect.arrayContaining([...SOURCE_LOCATION_SETTINGS]));
    for (const [name, service] of reconServices(compose)) {
      if (name === "fetch-worker") continue;
      expect(Object.keys(service.environment ?? {}).filter((variable) => SOURCE_LOCATION_SETTINGS.includes(variable)), name).toEqual([]);
    }
  });
});

describe("the database: the owner migrates, the fleet's role does the rest", () => {
  it("migrates as recon_owner, and every app connects as recon_fleet to the same database", () => {
    const compose = composeWith({});
    const owner = new URL(compose.services.migrate!.environment!.MIGRATION_DATABASE_URL!);
    expect(owner.username).toBe("recon_owner");
    expect(compose.services.migrate!.restart).toBe("no");
    for (const [name, service] of reconServices(compose)) {
      const env = service.environment ?? {};
      if (appOf(service) === "chown") continue;
      const fleet = new URL(env.DATABASE_URL!);
      expect(fleet.username, name).toBe("recon_fleet");
      expect(`${fleet.host}${fleet.pathname}`, name).toBe(`${owner.host}${owner.pathname}`);
      if (name !== "migrate") expect(env.MIGRATION_DATABASE_URL, name).toBeUndefined();
    }
  });

  it("db-roles applies `recon db roles` to that database after every migration", () => {
    const compose = composeWith({});
    const roles = compose.services["db-roles"]!;
    // The file is the command's output: regenerate with `pnpm recon db roles > docker/postgres/least-privilege.sql`.
    expect(readFileSync(join(DOCKER_DIR, "postgres", "least-privilege.sql"), "utf8")).toBe(leastPrivilegeSql());
    expect(roles.volumes).toContain("./postgres/least-privilege.sql:/recon/least-privilege.sql:ro");
    expect(roles.command).toEqual(["psql", "-v", "ON_ERROR_STOP=1", "-f", "/recon/least-privilege.sql"]);
    expect(roles.depends_on?.migrate).toEqual({ condition: "service_completed_successfully" });
    expect(roles.environment?.PGDATABASE).toBe(new URL(compose.services.migrate!.environment!.DATABASE_URL!).pathname.slice(1));
    expect(compose.services.postgres!.volumes).toContain("./postgres/initdb:/docker-entrypoint-initdb.d:ro");
  });
});

describe("the infrastructure", () => {
  it("Redis persists (AOF) and never evicts, and every process requires it to", () => {
    const compose = composeWith({});
    expect(compose.services.redis!.command!.join(" ")).toContain("--appendonly yes --appendfsync everysec --maxmemory-policy noeviction");
    for (const app of longRunningApps()) expect(compose.services[app]!.environment?.REDIS_DURABILITY, app).toBe("require");
  });

  it("reports go to the S3 store's bucket, created before the report worker starts; alerts to the mail catcher", () => {
    const compose = composeWith({});
    const report = compose.services["report-worker"]!;
    expect(new URL(report.environment!.S3_ENDPOINT!).hostname).toBe("s3");
    expect(report.depends_on?.["s3-init"]).toEqual({ condition: "service_completed_successfully" });
    expect(compose.services["s3-init"]!.environment?.S3_BUCKET).toBe(report.environment?.S3_BUCKET);
    expect(report.volumes).toContain("reports:/reports");
    const notify = compose.services["notify-worker"]!;
    expect(new URL(notify.environment!.SMTP_URL!).hostname).toBe("mailpit");
    expect(notify.depends_on?.mailpit).toEqual({ condition: "service_healthy" });
  });
});

describe("configuration as each app parses it", () => {
  /** Each long-running app's start-up checks of its configuration, as its main.ts runs them. */
  function startUpChecks(env: Env) {
    const compose = composeWith(env);
    const envOf = (name: string) => compose.services[name]!.environment!;
    const worker = (name: string) => () => {
      const config = parseEnv(fleetEnv, envOf(name));
      parseEnv(healthEnv, envOf(name));
      checkFleetConfig(config);
      if (name === "fetch-worker") checkSourceCredentials(config);
      return config;
    };
    return {
      compose,
      "fetch-worker": worker("fetch-worker"),
      "reconcile-worker": worker("reconcile-worker"),
      "report-worker": worker("report-worker"),
      "notify-worker": worker("notify-worker"),
      scheduler: () => parseEnv(schedulerEnv, envOf("scheduler")),
      dashboard: () => resolveDashboardAuth(parseEnv(dashboardAppEnv, envOf("dashboard"))),
      "slack-bot": () => resolveAccess(parseEnv(slackBotEnv, envOf("slack-bot"))),
      migrate: () => parseEnv(databaseEnv.extend(migrationEnv.shape), envOf("migrate")),
    };
  }

  it("without docker/.env: the sandbox, in its own database, with a dashboard that needs no password on loopback", () => {
    const checks = startUpChecks({});
    const fetchConfig = checks["fetch-worker"]();
    expect(fetchConfig.RECON_SANDBOX).toBe(true);
    expect([fetchConfig.STRIPE_API_KEY, fetchConfig.INTERNAL_API_URL, fetchConfig.S3_BUCKET]).toEqual([undefined, undefined, undefined]);
    expect(new URL(checks["fetch-worker"]().DATABASE_URL).pathname).toBe("/recon_sandbox");
    expect(checks["reconcile-worker"]()).toMatchObject({ RECON_SANDBOX: true });
    expect(checks["report-worker"]()).toMatchObject({ S3_BUCKET: "recon-reports", REPORTS_DIR: "/reports" });
    expect(checks["notify-worker"]()).toMatchObject({ SMTP_URL: "smtp://mailpit:1025", ALERT_EMAIL_TO: "ops@localhost" });
    expect(checks.scheduler().schedules).toEqual([expect.objectContaining({ processors: ["stripe"] })]);
    expect(checks.dashboard()).toMatchObject({ oidc: undefined, credentials: undefined });
    expect(checks.migrate()).toMatchObject({ RECON_SANDBOX: true });
    // Why the bot is behind a profile: it cannot start without a Slack app.
    expect(checks["slack-bot"]).toThrow(/SLACK_SIGNING_SECRET[\s\S]*SLACK_BOT_TOKEN/);
  });

  it("with docker/.env.example as shipped: real sources, and nothing starts unprotected or without credentials", () => {
    expect(envExample).toMatchObject({ RECON_SANDBOX: "false", RECON_DATABASE: "recon", OIDC_CLIENT_SECRET: "", DASHBOARD_SESSION_SECRET: "" });
    const checks = startUpChecks(envExample);
    expect(checks.dashboard).toThrow("the dashboard needs sign-in: set OIDC_ISSUER_URL");
    // Basic auth is the laptop sandbox's: a VM's .env cannot fall back to it.
    expect(startUpChecks({ ...envExample, DASHBOARD_USER: "ops", DASHBOARD_PASSWORD: "pw" }).dashboard).toThrow(/accepted only with DASHBOARD_SANDBOX=true/);
    expect(checks["fetch-worker"]).toThrow("missing source credentials");
    expect(checks["reconcile-worker"]()).toMatchObject({ RECON_SANDBOX: false });
    expect(new URL(checks["reconcile-worker"]().DATABASE_URL).pathname).toBe("/recon");
  });

  it("with docker/.env.example filled in: every app starts, real, with the passwords given", () => {
    const checks = startUpChecks({ ...envExample, ...filledIn });
    for (const app of ["fetch-worker", "reconcile-worker", "report-worker", "notify-worker"] as const) {
      expect(checks[app](), app).toMatchObject({ RECON_SANDBOX: false, REDIS_URL: "redis://:d4@redis:6379" });
    }
    expect(checks["fetch-worker"]()).toMatchObject({ STRIPE_API_KEY: "sk_live_example", INTERNAL_API_URL: "https://ledger.example.com/api" });
    expect(checks.scheduler()).toMatchObject({ RECON_SANDBOX: false });
    expect(checks.dashboard()).toMatchObject({
      credentials: undefined,
      oidc: { clientId: "recon", clientSecret: "client-secret", groups: { operator: ["recon-ops"] } },
      session: { secret: filledIn.DASHBOARD_SESSION_SECRET, secureCookie: true },
    });
    expect(checks["slack-bot"]().channels).toEqual(new Set(["C0123456"]));
    expect(checks.migrate()).toMatchObject({
      DATABASE_URL: "postgresql://recon_fleet:c3@postgres:5432/recon",
      MIGRATION_DATABASE_URL: "postgresql://recon_owner:b2@postgres:5432/recon",
    });
    expect(checks.compose.services.postgres!.environment).toMatchObject({ POSTGRES_PASSWORD: "a1", RECON_OWNER_PASSWORD: "b2", RECON_FLEET_PASSWORD: "c3" });
    expect(checks.compose.services["db-roles"]!.environment).toMatchObject({ PGPASSWORD: "a1", PGDATABASE: "recon" });
  });

  it("docker/.env.example lists every variable compose.yaml reads, and only those; each has a default or is optional", () => {
    const uses: VariableUse[] = [];
    interpolateTree(raw, {}, uses);
    const used = new Set(uses.map((use) => use.name));
    expect(uses.filter((use) => !use.hasFallback).map((use) => use.name)).toEqual([]);
    expect(Object.keys(envExample).filter((name) => !used.has(name))).toEqual([]);
    expect([...used].filter((name) => !(name in envExample))).toEqual([]);
  });
});
