/** Picks the ObjectStore the configuration asks for. */
import type { StorageConfig } from "../config.ts";
import { LocalObjectStore } from "./local-store.ts";
import type { ObjectStore } from "./object-store.ts";

export function objectStoreFromConfig(config: StorageConfig): ObjectStore {
  return new LocalObjectStore(config.localDir);
}
