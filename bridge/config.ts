/**
 * The bridge's JSON config file: where the server is, the device key from
 * Settings → Bridge Devices, the sensor's output folder and the bridge's own
 * state folder. Everything else has a default that suits a chairside PC; the
 * timing knobs exist so tests and benchmarks can run the real program fast.
 *
 * @example
 * ```json
 * {
 *   "serverUrl": "https://clinic.example.com",
 *   "apiKey": "odxb_…",
 *   "watchDir": "C:\\Sensor\\Export",
 *   "stateDir": "C:\\ProgramData\\OdontoX Bridge",
 *   "category": "periapical"
 * }
 * ```
 */
import { z } from "zod";
import { dirname, isAbsolute, join } from "node:path";
import { CAPTURE_CATEGORIES } from "../lib/radiology/categories.ts";

/** Common sensor export formats: DICOM and the usual image files. */
export const DEFAULT_PATTERNS = [
  "*.dcm",
  "*.dicom",
  "*.jpg",
  "*.jpeg",
  "*.png",
  "*.tif",
  "*.tiff",
  "*.bmp",
];

const configSchema = z.object({
  serverUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .transform((url) => url.replace(/\/+$/, "")),
  apiKey: z.string({ error: "is required (Settings → Bridge Devices shows it once)" })
    .trim()
    .regex(
      /^odxb_[A-Za-z0-9_-]{20,}$/,
      "must be a device key from Settings → Bridge Devices (odxb_…)",
    ),
  watchDir: z.string({ error: "is required" }).min(1, "is required"),
  stateDir: z.string({ error: "is required" }).min(1, "is required"),
  patterns: z.array(z.string().min(1)).min(1, "needs at least one pattern").default(
    DEFAULT_PATTERNS,
  ),
  category: z.enum(CAPTURE_CATEGORIES).optional(),
  /** How long a new file's size and modification time must stay unchanged before it is read. */
  stabilityWaitMs: z.number().int().min(0).max(600_000).default(2_000),
  /** How often a file still being written is looked at again. */
  stabilityPollMs: z.number().int().min(10).max(60_000).default(250),
  /** The safety net for missed watcher events (network shares, sleeping laptops). */
  rescanIntervalMs: z.number().int().min(100).max(3_600_000).default(60_000),
  heartbeatIntervalSeconds: z.number().min(0.1).max(3_600).default(60),
  backoffInitialMs: z.number().int().min(1).max(600_000).default(1_000),
  backoffMaxMs: z.number().int().min(1).max(3_600_000).default(300_000),
  /** 0 turns the status page off. */
  statusPort: z.number().int().min(0).max(65_535).default(17_480),
  /**
   * Disk the queue may use in the state folder for its own copies of waiting
   * captures (default 4 GiB). Past it, new captures are uploaded from the
   * watched folder as they are, with a warning; 0 turns the copies off.
   */
  maxQueueBytes: z.number().int().min(0).default(4 * 1024 ** 3),
  /** Files at least this large print upload progress. */
  progressMinBytes: z.number().int().min(0).default(1_048_576),
}).strict();

export type BridgeConfig = z.output<typeof configSchema>;
export type BridgeConfigInput = z.input<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[], readonly source: string) {
    super(`${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Validates parsed JSON. Relative folders are taken relative to the config
 * file's folder, so a service started from any working directory finds them.
 */
export function parseConfig(raw: unknown, source = "config", baseDir = "."): BridgeConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const field = issue.path.join(".");
        if (issue.code === "unrecognized_keys") {
          return `unknown setting(s): ${issue.keys.join(", ")}`;
        }
        return field ? `"${field}" ${issue.message}` : issue.message;
      }),
      source,
    );
  }
  const config = parsed.data;
  if (config.backoffMaxMs < config.backoffInitialMs) {
    throw new ConfigError(['"backoffMaxMs" must not be smaller than "backoffInitialMs"'], source);
  }
  const resolve = (path: string) => isAbsolute(path) ? path : join(baseDir, path);
  return { ...config, watchDir: resolve(config.watchDir), stateDir: resolve(config.stateDir) };
}

/** Reads and validates the config file; every problem is a `ConfigError` with a readable list. */
export async function loadConfig(path: string): Promise<BridgeConfig> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound ? "file not found" : String(error);
    throw new ConfigError([reason], path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`not valid JSON: ${(error as Error).message}`], path);
  }
  return parseConfig(raw, path, dirname(path));
}
