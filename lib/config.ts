/**
 * Runtime configuration, read once from the environment.
 *
 * Every variable has a working local default so `deno task start` needs no
 * setup; in production the two secrets must be given explicitly, because a
 * generated key would silently differ between Deploy instances.
 */
import { join } from "node:path";

export interface Config {
  env: "development" | "test" | "production";
  port: number;
  /** Interface to listen on; 127.0.0.1 keeps a local server off the network. */
  listenHost: string;
  dataDir: string;
  /** Postgres connection string; when absent the embedded PGlite under `dataDir/pg` is used. */
  databaseUrl: string | null;
  /**
   * Named prepared statements on Postgres (`DATABASE_PREPARE`). Off behind a
   * transaction pooler (Supabase's on port 6543, PgBouncer in transaction
   * mode), which hands each statement to whichever server connection is free,
   * where a statement prepared on another one does not exist.
   */
  databasePrepare: boolean;
  /** Deno KV path; `:memory:` for tests, unset on Deno Deploy (managed KV). */
  kvPath: string | undefined;
  appUrl: string;
  encryptionKey: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** How long before access-token expiry the browser refreshes it. */
  refreshLeadSeconds: number;
  loginLimitPerIp: number;
  loginLimitPerAccount: number;
  loginLimitWindowSeconds: number;
  /** Trust `X-Forwarded-For` for the client IP (only behind a proxy that sets it). */
  trustProxy: boolean;
  /** Length of a new clinic's trial; the clock starts at its first staff login. */
  trialDays: number;
  /** Seed demo data when the database has no users (never in production). */
  seedDemoData: boolean;
  email: EmailConfig;
  storage: StorageConfig;
  /** Largest X-ray capture a bridge may upload (`CAPTURE_MAX_BYTES`); larger ones answer 413. */
  captureMaxBytes: number;
  events: EventsConfig;
  dicom: DicomConfig;
  whatsapp: WhatsappConfig;
  ai: AiConfig;
  treatment: TreatmentConfig;
  lab: LabConfig;
  observability: ObservabilityConfig;
  onboarding: OnboardingConfig;
}

/** Error monitoring: the OTLP logs receiver, its retention, and Sentry on server and browser. */
export interface ObservabilityConfig {
  /** `APP_ENV` as Sentry's `environment` (`development` when unset). */
  appEnv: string;
  /** Bearer token of `POST /otlp/v1/logs` (`OTLP_INGEST_TOKEN`); the receiver is off without it. */
  otlpIngestToken: string | null;
  /** Stored error log records older than this many days are removed (`ERROR_LOG_RETENTION_DAYS`). */
  errorLogRetentionDays: number;
  /** Server-side Sentry (`SENTRY_DSN`); off when unset. */
  sentryDsn: string | null;
  /** Browser-side Sentry in pages with islands (`SENTRY_BROWSER_DSN`); off when unset. */
  sentryBrowserDsn: string | null;
  /** `SENTRY_RELEASE`; when unset, the server works out the git commit or the app version. */
  sentryRelease: string | null;
}

/** Clinic sign-up and branding. */
export interface OnboardingConfig {
  /** Applications one IP may send per window (`SIGNUP_RATE_LIMIT_PER_IP`). */
  signupLimitPerIp: number;
  /** The window of that limit in seconds (`SIGNUP_RATE_LIMIT_WINDOW_SECONDS`). */
  signupLimitWindowSeconds: number;
  /** Largest clinic logo upload (`LOGO_MAX_BYTES`); larger ones answer 413. */
  logoMaxBytes: number;
}

/** Lab cases: attachments, shared links for labs, and cross-origin API clients. */
export interface LabConfig {
  /** Largest case attachment (`LAB_ATTACHMENT_MAX_BYTES`); larger uploads answer 413. */
  attachmentMaxBytes: number;
  /** How long a new shared link stays valid unless staff pick a date (`LAB_LINK_DAYS`). */
  linkDays: number;
  /** Requests per minute one IP may make through one shared link (`LAB_LINK_RATE_LIMIT`). */
  linkRateLimitPerMinute: number;
  /** Origins allowed to call the API from another site (`CORS_ORIGINS`, comma-separated). */
  corsOrigins: string[];
}

/** Treatment plans. */
export interface TreatmentConfig {
  /** How long an emailed "Review and accept your treatment plan" link works. */
  acceptanceLinkTtlHours: number;
}

export const AI_PROVIDERS = ["local", "openai"] as const;
export type AiProviderName = typeof AI_PROVIDERS[number];

/** DICOM AI analysis: the provider, its endpoint, and each clinic's monthly budget. */
export interface AiConfig {
  /** `local` computes an image-quality review on this server; `openai` calls `baseUrl`. */
  provider: AiProviderName;
  /** An OpenAI-compatible API root (the part before `/chat/completions`). */
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** One provider request; a slower answer counts as a failed attempt. */
  timeoutMs: number;
  /** Attempts per analysis, with exponential backoff between them. */
  maxAttempts: number;
  /** First wait before a retry; doubled on each further one. */
  retryBaseMs: number;
  /** Slices sampled evenly over a series and sent in one request. */
  maxSlices: number;
  /** Analyses per clinic and calendar month, unless a superadmin set the clinic's own limit. */
  monthlyQuota: number;
}

/** The Meta WhatsApp Cloud API (the WhatsApp add-on); credentials are per clinic, not here. */
export interface WhatsappConfig {
  /** `WHATSAPP_GRAPH_BASE_URL`; tests point it at a local stand-in. */
  graphBaseUrl: string;
  /** `WHATSAPP_GRAPH_VERSION`, e.g. `v23.0`. */
  graphVersion: string;
  /** `WHATSAPP_MAX_ATTEMPTS`: send attempts before a retryable failure is final. */
  maxAttempts: number;
}

/** Limits of a DICOM upload: a ZIP is refused past any of them, before it fills memory or disk. */
export interface DicomConfig {
  /** Files in one uploaded ZIP. */
  zipMaxEntries: number;
  /** Inflated bytes of one uploaded ZIP, counted while inflating. */
  zipMaxBytes: number;
  /** Bytes of one DICOM file (a single upload or one ZIP entry), held in memory to parse it. */
  maxFileBytes: number;
}

/** The live event stream (`GET /api/v1/events`) and its table. */
export interface EventsConfig {
  /** Events older than this are pruned; a client away longer misses them. */
  retentionHours: number;
  /** The server ends each SSE stream after this long; the client reconnects a little before. */
  streamSeconds: number;
  /** Comment lines keep proxies from closing an idle stream. */
  heartbeatSeconds: number;
}

export interface StorageConfig {
  /** Folder of the local ObjectStore, used when Supabase Storage is not configured. */
  localDir: string;
  /** Supabase Storage, when both `SUPABASE_URL` and `SUPABASE_SERVICE_ROLE_KEY` are set. */
  supabase: { url: string; serviceRoleKey: string; bucket: string } | null;
}

export const EMAIL_PROVIDERS = ["log", "smtp", "resend"] as const;
export type EmailProviderName = typeof EMAIL_PROVIDERS[number];

export interface EmailConfig {
  /** `log` prints a summary and leaves the message to the dev mailbox; nothing leaves the machine. */
  provider: EmailProviderName;
  /** The From header, e.g. `OdontoX <no-reply@odontox.local>`. */
  from: string;
  /** Delivery attempts before a message is marked failed. */
  maxAttempts: number;
  smtp: {
    host: string;
    port: number;
    /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
    secure: boolean;
    user: string | null;
    password: string | null;
  } | null;
  resend: { apiKey: string; baseUrl: string } | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

const MIN_SECRET_LENGTH = 32;

function intVar(env: Env, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  }
  return value;
}

/**
 * `DATABASE_PREPARE=true|false`; unset means on, except on port 6543, where
 * Supabase runs its transaction pooler.
 */
function databasePrepare(env: Env): boolean {
  if (env.DATABASE_PREPARE) return boolVar(env, "DATABASE_PREPARE", true);
  if (!env.DATABASE_URL) return true;
  try {
    return new URL(env.DATABASE_URL).port !== "6543";
  } catch {
    return true;
  }
}

function boolVar(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function isProduction(env: Env): boolean {
  return Boolean(env.DENO_DEPLOYMENT_ID) || env.APP_ENV === "production";
}

/**
 * Secrets for local runs: generated once and kept in `dataDir/secrets.json`
 * so sessions and encrypted columns survive restarts.
 */
function localSecrets(dataDir: string): { encryptionKey: string; jwtSecret: string } {
  const file = join(dataDir, "secrets.json");
  try {
    return JSON.parse(Deno.readTextFileSync(file));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const random = () => {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    return btoa(String.fromCharCode(...bytes));
  };
  const secrets = { encryptionKey: random(), jwtSecret: random() };
  Deno.mkdirSync(dataDir, { recursive: true });
  Deno.writeTextFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  return secrets;
}

export function loadConfig(env: Env = Deno.env.toObject()): Config {
  const production = isProduction(env);
  const port = intVar(env, "PORT", 8000, 0);
  const dataDir = env.DATA_DIR || ".data";

  let encryptionKey = env.ENCRYPTION_KEY ?? "";
  let jwtSecret = env.JWT_SECRET ?? "";
  if (production) {
    const missing = [
      !encryptionKey && "ENCRYPTION_KEY",
      !jwtSecret && "JWT_SECRET",
    ].filter(Boolean);
    if (missing.length) {
      throw new ConfigError(
        `Refusing to start in production without ${missing.join(" and ")}`,
      );
    }
  } else if (!encryptionKey || !jwtSecret) {
    const generated = localSecrets(dataDir);
    encryptionKey ||= generated.encryptionKey;
    jwtSecret ||= generated.jwtSecret;
  }
  for (const [name, value] of [["ENCRYPTION_KEY", encryptionKey], ["JWT_SECRET", jwtSecret]]) {
    if (value.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`${name} must be at least ${MIN_SECRET_LENGTH} characters`);
    }
  }

  const accessTokenTtlSeconds = intVar(env, "ACCESS_TOKEN_TTL_SECONDS", 15 * 60);
  const refreshLeadSeconds = intVar(env, "SESSION_REFRESH_LEAD_SECONDS", 3 * 60);
  if (refreshLeadSeconds >= accessTokenTtlSeconds) {
    throw new ConfigError(
      "SESSION_REFRESH_LEAD_SECONDS must be shorter than ACCESS_TOKEN_TTL_SECONDS",
    );
  }

  return {
    env: production ? "production" : env.APP_ENV === "test" ? "test" : "development",
    port,
    listenHost: env.LISTEN_HOST || "0.0.0.0",
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    databasePrepare: databasePrepare(env),
    kvPath: env.KV_PATH || (env.DENO_DEPLOYMENT_ID ? undefined : join(dataDir, "kv.sqlite3")),
    appUrl: (env.APP_URL || `http://localhost:${port}`).replace(/\/+$/, ""),
    encryptionKey,
    jwtSecret,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds: intVar(env, "REFRESH_TOKEN_TTL_SECONDS", 30 * 24 * 60 * 60),
    refreshLeadSeconds,
    loginLimitPerIp: intVar(env, "LOGIN_RATE_LIMIT_PER_IP", 20),
    loginLimitPerAccount: intVar(env, "LOGIN_RATE_LIMIT_PER_ACCOUNT", 5),
    loginLimitWindowSeconds: intVar(env, "LOGIN_RATE_LIMIT_WINDOW_SECONDS", 15 * 60),
    trustProxy: boolVar(env, "TRUST_PROXY", false),
    trialDays: intVar(env, "TRIAL_DAYS", 14),
    seedDemoData: !production && boolVar(env, "SEED_DEMO_DATA", true),
    email: emailConfig(env),
    captureMaxBytes: intVar(env, "CAPTURE_MAX_BYTES", 256 * 1024 * 1024),
    storage: {
      localDir: env.STORAGE_DIR || join(dataDir, "storage"),
      supabase: env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY
        ? {
          url: env.SUPABASE_URL.replace(/\/+$/, ""),
          serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
          bucket: env.SUPABASE_STORAGE_BUCKET || "odontox",
        }
        : null,
    },
    events: {
      retentionHours: intVar(env, "EVENTS_RETENTION_HOURS", 24),
      streamSeconds: intVar(env, "EVENTS_STREAM_SECONDS", 60),
      heartbeatSeconds: intVar(env, "EVENTS_HEARTBEAT_SECONDS", 15),
    },
    whatsapp: whatsappConfig(env),
    dicom: {
      zipMaxEntries: intVar(env, "DICOM_ZIP_MAX_ENTRIES", 5000),
      zipMaxBytes: intVar(env, "DICOM_ZIP_MAX_BYTES", 2 * 1024 ** 3),
      maxFileBytes: intVar(env, "DICOM_MAX_FILE_BYTES", 512 * 1024 ** 2),
    },
    ai: aiConfig(env),
    treatment: {
      acceptanceLinkTtlHours: intVar(env, "TREATMENT_LINK_TTL_HOURS", 7 * 24),
    },
    lab: {
      attachmentMaxBytes: intVar(env, "LAB_ATTACHMENT_MAX_BYTES", 256 * 1024 ** 2),
      linkDays: intVar(env, "LAB_LINK_DAYS", 30),
      linkRateLimitPerMinute: intVar(env, "LAB_LINK_RATE_LIMIT", 30),
      corsOrigins: corsOrigins(env.CORS_ORIGINS ?? ""),
    },
    observability: observabilityConfig(env),
    onboarding: {
      signupLimitPerIp: intVar(env, "SIGNUP_RATE_LIMIT_PER_IP", 5),
      signupLimitWindowSeconds: intVar(env, "SIGNUP_RATE_LIMIT_WINDOW_SECONDS", 60 * 60),
      logoMaxBytes: intVar(env, "LOGO_MAX_BYTES", 512 * 1024),
    },
  };
}

function observabilityConfig(env: Env): ObservabilityConfig {
  const dsn = (name: string) => {
    const value = env[name]?.trim();
    if (!value) return null;
    // A DSN is `scheme://public_key@host[:port]/[path/]project_id`.
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(`${name} must be a Sentry DSN such as https://key@host/1`);
    }
    if (!url.username || !/\/\d+$/.test(url.pathname)) {
      throw new ConfigError(`${name} must be a Sentry DSN such as https://key@host/1`);
    }
    return value;
  };
  return {
    appEnv: env.APP_ENV || (isProduction(env) ? "production" : "development"),
    otlpIngestToken: env.OTLP_INGEST_TOKEN || null,
    errorLogRetentionDays: intVar(env, "ERROR_LOG_RETENTION_DAYS", 30),
    sentryDsn: dsn("SENTRY_DSN"),
    sentryBrowserDsn: dsn("SENTRY_BROWSER_DSN"),
    sentryRelease: env.SENTRY_RELEASE?.trim() || null,
  };
}

function aiConfig(env: Env): AiConfig {
  const provider = (env.AI_PROVIDER || "local").toLowerCase() as AiProviderName;
  if (!AI_PROVIDERS.includes(provider)) {
    throw new ConfigError(
      `AI_PROVIDER must be one of ${AI_PROVIDERS.join(", ")}, got "${env.AI_PROVIDER}"`,
    );
  }
  if (provider === "openai" && !env.AI_BASE_URL) {
    throw new ConfigError("AI_PROVIDER=openai needs AI_BASE_URL");
  }
  return {
    provider,
    baseUrl: (env.AI_BASE_URL || "https://api.openai.com/v1").replace(/\/+$/, ""),
    apiKey: env.AI_API_KEY || null,
    model: env.AI_MODEL || "gpt-4o-mini",
    timeoutMs: intVar(env, "AI_TIMEOUT_MS", 60_000),
    maxAttempts: intVar(env, "AI_MAX_ATTEMPTS", 3),
    retryBaseMs: intVar(env, "AI_RETRY_BASE_MS", 1000, 0),
    maxSlices: intVar(env, "AI_MAX_SLICES", 16),
    monthlyQuota: intVar(env, "AI_MONTHLY_QUOTA", 50, 0),
  };
}

function whatsappConfig(env: Env): WhatsappConfig {
  const graphVersion = env.WHATSAPP_GRAPH_VERSION || "v23.0";
  if (!/^v\d{1,3}\.\d$/.test(graphVersion)) {
    throw new ConfigError(`WHATSAPP_GRAPH_VERSION must look like v23.0, got "${graphVersion}"`);
  }
  const graphBaseUrl = (env.WHATSAPP_GRAPH_BASE_URL || "https://graph.facebook.com")
    .replace(/\/+$/, "");
  if (!URL.canParse(graphBaseUrl)) {
    throw new ConfigError(`WHATSAPP_GRAPH_BASE_URL must be a URL, got "${graphBaseUrl}"`);
  }
  return { graphBaseUrl, graphVersion, maxAttempts: intVar(env, "WHATSAPP_MAX_ATTEMPTS", 6) };
}

/** `https://a.example, https://b.example` → their origins; anything not a URL is refused. */
function corsOrigins(raw: string): string[] {
  return raw.split(",").map((value) => value.trim()).filter(Boolean).map((value) => {
    try {
      return new URL(value).origin;
    } catch {
      throw new ConfigError(
        `CORS_ORIGINS: "${value}" is not an origin such as https://lab.example`,
      );
    }
  });
}

function emailConfig(env: Env): EmailConfig {
  const provider = (env.EMAIL_PROVIDER || "log").toLowerCase() as EmailProviderName;
  if (!EMAIL_PROVIDERS.includes(provider)) {
    throw new ConfigError(
      `EMAIL_PROVIDER must be one of ${EMAIL_PROVIDERS.join(", ")}, got "${env.EMAIL_PROVIDER}"`,
    );
  }
  // A misconfigured provider would only show as failed messages hours later; refuse to start.
  if (provider === "smtp" && !env.SMTP_HOST) {
    throw new ConfigError("EMAIL_PROVIDER=smtp needs SMTP_HOST");
  }
  if (provider === "resend" && !env.RESEND_API_KEY) {
    throw new ConfigError("EMAIL_PROVIDER=resend needs RESEND_API_KEY");
  }
  const secure = boolVar(env, "SMTP_SECURE", false);
  return {
    provider,
    from: env.EMAIL_FROM || "OdontoX <no-reply@odontox.local>",
    maxAttempts: intVar(env, "EMAIL_MAX_ATTEMPTS", 6),
    smtp: env.SMTP_HOST
      ? {
        host: env.SMTP_HOST,
        port: intVar(env, "SMTP_PORT", secure ? 465 : 587),
        secure,
        user: env.SMTP_USER || null,
        password: env.SMTP_PASSWORD || null,
      }
      : null,
    resend: env.RESEND_API_KEY
      ? {
        apiKey: env.RESEND_API_KEY,
        baseUrl: (env.RESEND_BASE_URL || "https://api.resend.com").replace(/\/+$/, ""),
      }
      : null,
  };
}
