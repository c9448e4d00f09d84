/** The repository's own TypeScript sources, for tests that check what the code says. */
import { join } from "node:path";

/** The repository's root folder. */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** Every `.ts` and `.tsx` file under `dir` (relative to the root), as a root-relative path. */
export async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(join(ROOT, dir))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sourceFiles(path);
    else if (/\.(ts|tsx)$/.test(entry.name)) yield path;
  }
}
