/** Where the built island bundles are, as written by `deno task build`. */
import { join } from "node:path";

export interface IslandManifest {
  /** Hash of every source file the bundles were built from; a change means stale bundles. */
  sourceHash: string;
  /** Island name → URL path of its content-hashed entry module. */
  islands: Record<string, string>;
  /**
   * Browser files that are not islands, name → URL path: `radiologyStack`
   * (the radiology viewer's cornerstone bundle), `dicomDecodeWorker` (its
   * decode worker) and `dicomCodecs` (the folder of the codecs' `.wasm`, with
   * a trailing slash), and `browserMonitoring` (browser-side Sentry, loaded
   * before the islands when a browser DSN is configured).
   */
  assets?: Record<string, string>;
}

export const STATIC_DIR = new URL("../../static/", import.meta.url).pathname;
export const ISLANDS_OUT_DIR = join(STATIC_DIR, "islands");
export const MANIFEST_PATH = join(ISLANDS_OUT_DIR, "manifest.json");

export function readManifest(path = MANIFEST_PATH): IslandManifest | null {
  try {
    return JSON.parse(Deno.readTextFileSync(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}
