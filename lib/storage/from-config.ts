/** Picks the ObjectStore the configuration asks for. */
import type { StorageConfig } from "../config.ts";
import { LocalObjectStore } from "./local-store.ts";
import type { ObjectStore } from "./object-store.ts";
import { SupabaseObjectStore } from "./supabase-store.ts";

export function objectStoreFromConfig(config: StorageConfig): ObjectStore {
  if (config.supabase) return new SupabaseObjectStore(config.supabase);
  return new LocalObjectStore(config.localDir);
}
