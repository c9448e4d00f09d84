/**
 * The app's dependencies, assembled in one place for every way the app runs:
 * the server (`bootstrap` in main.ts adds migrations and the first-run seed),
 * the tests and the benchmarks. Each call builds a separate instance, with
 * its own event hub, principal cache and domain hooks.
 *
 * @example
 * ```ts
 * const deps = await createDeps(loadConfig());
 * const testDeps = await createDeps(config, { database, storage: new LocalObjectStore(dir) });
 * ```
 */
import { join } from "node:path";
import type { Config } from "./config.ts";
import { type Database, openDatabase } from "./db/client.ts";
import { openKv } from "./kv.ts";
import { AuthService } from "./auth/auth-service.ts";
import { EventHub } from "./events/hub.ts";
import { PrincipalCache } from "./auth/principal-cache.ts";
import { createDomainHooks } from "./events/domain-hooks.ts";
import type { ObjectStore } from "./storage/object-store.ts";
import { objectStoreFromConfig } from "./storage/from-config.ts";
import type { AppDeps } from "./http/app-env.ts";

/** Parts the caller has already opened; everything else comes from the config. */
export interface DepsOverrides {
  /** An open database (a test file shares one between its apps). */
  database?: Database;
  kv?: Deno.Kv;
  storage?: ObjectStore;
}

export async function createDeps(config: Config, overrides: DepsOverrides = {}): Promise<AppDeps> {
  const database = overrides.database ?? await openDatabase({
    url: config.databaseUrl,
    prepare: config.databasePrepare,
    dataDir: join(config.dataDir, "pg"),
  });
  const kv = overrides.kv ?? await openConfiguredKv(config.kvPath);
  const events = new EventHub(database);
  return {
    config,
    database,
    db: database.db,
    kv,
    auth: new AuthService(database.db, kv, config, { sessionEnds: events }),
    storage: overrides.storage ?? objectStoreFromConfig(config.storage),
    events,
    principals: new PrincipalCache(database.db, { changes: events }),
    hooks: createDomainHooks(),
  };
}

async function openConfiguredKv(path: string | undefined): Promise<Deno.Kv> {
  // A file-backed KV needs its folder; `:memory:` and the managed KV (no path) do not.
  if (path && path !== ":memory:") await Deno.mkdir(join(path, ".."), { recursive: true });
  return await openKv(path);
}
