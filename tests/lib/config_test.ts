import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { ConfigError, loadConfig } from "../../lib/config.ts";

const SECRETS = {
  ENCRYPTION_KEY: "k".repeat(40),
  JWT_SECRET: "j".repeat(40),
};

function throwsConfigError(fn: () => unknown, pattern: RegExp) {
  try {
    fn();
  } catch (error) {
    assert(error instanceof ConfigError, `expected ConfigError, got ${error}`);
    assertMatch(error.message, pattern);
    return;
  }
  throw new Error("expected a ConfigError");
}

Deno.test("local defaults work with no environment at all", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const config = loadConfig({ DATA_DIR: dataDir });
    assertEquals(config.port, 8000);
    assertEquals(config.env, "development");
    assertEquals(config.databaseUrl, null);
    assertEquals(config.kvPath, join(dataDir, "kv.sqlite3"));
    assertEquals(config.appUrl, "http://localhost:8000");
    assertEquals(config.accessTokenTtlSeconds, 900);
    assertEquals(config.refreshTokenTtlSeconds, 30 * 86_400);
    assertEquals(config.refreshLeadSeconds, 180);
    assert(config.seedDemoData);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("local secrets are generated once and kept under DATA_DIR", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    assert(first.jwtSecret.length >= 32 && first.encryptionKey.length >= 32);
    assert(first.jwtSecret !== first.encryptionKey);
    assertEquals(second.jwtSecret, first.jwtSecret, "same secret after a restart");
    const file = await Deno.stat(join(dataDir, "secrets.json"));
    assertEquals(file.mode! & 0o077, 0, "secrets file readable by its owner only");
    const other = await Deno.makeTempDir();
    try {
      assert(loadConfig({ DATA_DIR: other }).jwtSecret !== first.jwtSecret);
    } finally {
      await Deno.remove(other, { recursive: true });
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("production refuses to start without ENCRYPTION_KEY and JWT_SECRET", () => {
  throwsConfigError(
    () => loadConfig({ APP_ENV: "production" }),
    /without ENCRYPTION_KEY and JWT_SECRET/,
  );
  throwsConfigError(
    () => loadConfig({ DENO_DEPLOYMENT_ID: "abc123", ENCRYPTION_KEY: SECRETS.ENCRYPTION_KEY }),
    /without JWT_SECRET/,
  );
  const config = loadConfig({ APP_ENV: "production", ...SECRETS });
  assertEquals(config.env, "production");
  assertEquals(config.seedDemoData, false, "never demo accounts in production");
});

Deno.test("secrets that are too short and nonsense numbers are refused", () => {
  throwsConfigError(
    () =>
      loadConfig({
        APP_ENV: "production",
        ENCRYPTION_KEY: "short",
        JWT_SECRET: SECRETS.JWT_SECRET,
      }),
    /ENCRYPTION_KEY must be at least 32/,
  );
  throwsConfigError(() => loadConfig({ ...SECRETS, PORT: "eighty" }), /PORT must be an integer/);
  throwsConfigError(
    () =>
      loadConfig({
        ...SECRETS,
        ACCESS_TOKEN_TTL_SECONDS: "60",
        SESSION_REFRESH_LEAD_SECONDS: "60",
      }),
    /shorter than ACCESS_TOKEN_TTL_SECONDS/,
  );
  throwsConfigError(() => loadConfig({ ...SECRETS, TRUST_PROXY: "maybe" }), /true or false/);
});

Deno.test("token lifetimes and limits come from the environment", () => {
  const config = loadConfig({
    ...SECRETS,
    ACCESS_TOKEN_TTL_SECONDS: "8",
    SESSION_REFRESH_LEAD_SECONDS: "5",
    REFRESH_TOKEN_TTL_SECONDS: "3600",
    LOGIN_RATE_LIMIT_PER_IP: "7",
    APP_URL: "https://clinic.example/",
  });
  assertEquals(config.accessTokenTtlSeconds, 8);
  assertEquals(config.refreshLeadSeconds, 5);
  assertEquals(config.refreshTokenTtlSeconds, 3600);
  assertEquals(config.loginLimitPerIp, 7);
  assertEquals(config.appUrl, "https://clinic.example");
});

Deno.test("the server process exits with a clear message in production without secrets", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const env: Record<string, string> = {
      ...Deno.env.toObject(),
      APP_ENV: "production",
      DATA_DIR: dataDir,
      PORT: "0",
    };
    delete env.ENCRYPTION_KEY;
    delete env.JWT_SECRET;
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts"],
      cwd: new URL("../../", import.meta.url).pathname,
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(output.code, 1);
    assertMatch(new TextDecoder().decode(output.stderr), /Refusing to start in production/);
    assertEquals(
      [...Deno.readDirSync(dataDir)].length,
      0,
      "nothing was written: no database, no generated secrets",
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("prepared statements are off behind Supabase's transaction pooler, or when switched off", () => {
  const prepare = (env: Record<string, string>) =>
    loadConfig({ ...SECRETS, ...env }).databasePrepare;
  const pooler = "postgres://app:pw@aws-0-ap-south-1.pooler.supabase.com:6543/postgres";
  const session = "postgres://app:pw@aws-0-ap-south-1.pooler.supabase.com:5432/postgres";
  assertEquals(prepare({}), true);
  assertEquals(prepare({ DATABASE_URL: session }), true);
  assertEquals(prepare({ DATABASE_URL: pooler }), false);
  assertEquals(prepare({ DATABASE_URL: session, DATABASE_PREPARE: "false" }), false);
  assertEquals(prepare({ DATABASE_URL: pooler, DATABASE_PREPARE: "true" }), true);
  throwsConfigError(() => prepare({ DATABASE_PREPARE: "sometimes" }), /DATABASE_PREPARE/);
});
