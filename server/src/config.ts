import { resolve } from "node:path";
import { z } from "zod";

// The one place that reads process.env. A bad value stops the start with a message naming the variable.

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "yes"].includes(v)));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const oidcProvider = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/, "id must be 1-32 lowercase letters, digits or dashes"),
  name: z.string().min(1),
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

export const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  DATABASE_POOL_SIZE: positiveInt(10),
  BULLPEN_DATA_DIR: z.string().min(1).default("./data"),
  /** The built web app to serve (default: web/dist beside the server). */
  BULLPEN_WEB_DIR: z.string().min(1).optional(),
  BULLPEN_SECRET_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 32 bytes as 64 hex digits or base64")
    .optional(),
  BULLPEN_SECRET_KEY_PREVIOUS: z.string().optional(),
  BULLPEN_DEMO_DATA: bool(true),
  BULLPEN_WORKER: bool(true),
  REGISTRATION_MODE: z.enum(["open", "approval", "invite", "closed"]).default("approval"),
  SESSION_TTL_DAYS: positiveInt(30),
  SESSION_IDLE_HOURS: positiveInt(24 * 7),
  // In-process cache of credential lookups (seconds; 0 = off). Other processes see a revocation within it.
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(2),
  BCRYPT_COST: z.coerce.number().int().min(10).max(15).default(12),
  // Consecutive failed sign-ins with one name, from anywhere, after which only a known device or the
  // password with a second factor passes (NIST SP 800-63B 5.2.2 allows at most 100).
  SIGN_IN_LOCK_AFTER: z.coerce.number().int().min(10).max(100).default(100),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Bullpen <bullpen@localhost>"),
  SMS_PROVIDER: z.enum(["log", "http"]).default("log"),
  SMS_API_URL: z.url().optional(),
  SMS_API_KEY: z.string().optional(),
  SMS_FROM: z.string().default("Bullpen"),
  SMS_ACCOUNT_SID: z.string().optional(),
  EMAIL_MAX_ATTEMPTS: positiveInt(6),
  EMAIL_RETRY_DELAY_SECONDS: positiveInt(30),
  API_REQUEST_LOG: bool(true),
  API_REQUEST_FLUSH_ROWS: positiveInt(500),
  API_REQUEST_FLUSH_MS: positiveInt(1000),
  API_REQUESTS_RETENTION_DAYS: positiveInt(30),
  // Signed checkpoints of the audit chain (a file outside the database; see docs/operations.md).
  AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_CRON: z.string().min(9).default("*/5 * * * *"),
  OIDC_PROVIDERS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return [];
      try {
        return z.array(oidcProvider).parse(JSON.parse(v));
      } catch (err) {
        ctx.addIssue({
          code: "custom",
          message: `must be a JSON array of {id,name,issuer,clientId,clientSecret}: ${err instanceof Error ? err.message.split("\n")[0] : err}`,
        });
        return z.NEVER;
      }
    }),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// URL")
    .optional(),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
  TRUST_PROXY: bool(false),
  METRICS_ENABLED: bool(true),
  // /metrics is served only with a token, and only to requests that send it (Authorization: Bearer).
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN: use at least 16 characters").optional(),
  RATE_LIMIT_ENABLED: bool(true),
  // Market-data providers. None is enabled by default: the product then works offline from CSV/demo data.
  MARKET_PROVIDERS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean)
        : [],
    ),
  MARKET_YAHOO_URL: z.url().default("https://query1.finance.yahoo.com"),
  MARKET_STOOQ_URL: z.url().default("https://stooq.com"),
  MARKET_ALPHAVANTAGE_URL: z.url().default("https://www.alphavantage.co"),
  MARKET_ALPHAVANTAGE_KEY: z.string().optional(),
  MARKET_FRANKFURTER_URL: z.url().default("https://api.frankfurter.dev"),
  MARKET_KRX_URL: z.url().default("https://data.krx.co.kr"),
  MARKET_HTTP_TIMEOUT_MS: positiveInt(15_000),
  MARKET_HTTP_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  MARKET_USER_AGENT: z.string().min(1).default("Bullpen/0.1 (self-hosted market data client)"),
  MARKET_RAW_CACHE_RETENTION_DAYS: positiveInt(30),
  MARKET_SOURCE_LOG_RETENTION_DAYS: positiveInt(180),
  MARKET_REFRESH_CRON: z.string().min(9).default("30 22 * * 1-5"),
  // Screenshot import: an OpenAI-compatible vision endpoint; unset, screenshots are read by local OCR.
  PORTFOLIO_VISION_URL: z.url().optional(),
  PORTFOLIO_VISION_MODEL: z.string().min(1).optional(),
  PORTFOLIO_VISION_KEY: z.string().optional(),
  PORTFOLIO_VISION_TIMEOUT_MS: positiveInt(60_000),
  // Broker connections: the brokers' API hosts (overridable for a proxy or a test server) and when
  // every active connection syncs.
  PORTFOLIO_ALPACA_URL: z.url().optional(),
  PORTFOLIO_IBKR_FLEX_URL: z
    .url()
    .default("https://ndcdyn.interactivebrokers.com/AccountManagement/FlexWebService"),
  PORTFOLIO_SYNC_CRON: z.string().min(9).default("0 6 * * *"),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string; publicUrl: string };
export type OidcProviderConfig = z.infer<typeof oidcProvider>;

export class ConfigError extends Error {}

/** Parses an environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  return {
    ...c,
    dataDir: resolve(c.BULLPEN_DATA_DIR),
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ""),
  };
}
