/**
 * The layering rules of docs/architecture.md, checked on the source text:
 * components never import routes or the database layer, routes never import
 * the database layer, and lib never imports islands or routes. Type-only
 * imports are allowed (they vanish at run time and carry row shapes).
 */
import { assertEquals } from "../support/assert.ts";
import { join, relative } from "node:path";
import { ROOT, sourceFiles } from "../support/source-files.ts";

/** Every module a file imports at run time: `import … from`, `export … from`, `import()`. */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+["']([^"']+)["']/gms;
  for (const match of source.matchAll(statement)) {
    if (!match[2]) found.push(match[3]);
  }
  for (const match of source.matchAll(/^\s*import\s+["']([^"']+)["']/gm)) found.push(match[1]);
  for (const match of source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) found.push(match[1]);
  return found;
}

/** The repository folder an import lands in (`lib/db`, `routes`, …), or the bare package name. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  return relative(ROOT, join(ROOT, file, "..", specifier));
}

interface Rule {
  from: string;
  forbidden: (target: string) => boolean;
  why: string;
}

const isDatabaseLayer = (t: string) =>
  t.startsWith("lib/db/") || t === "drizzle-orm" || t.startsWith("drizzle-orm/") ||
  t === "postgres" || t.startsWith("@electric-sql/pglite");

const RULES: Rule[] = [
  {
    from: "components",
    forbidden: (t) => t.startsWith("routes/") || isDatabaseLayer(t),
    why: "components render what they are given",
  },
  { from: "routes", forbidden: isDatabaseLayer, why: "routes call lib/<area>/ functions" },
  {
    from: "lib",
    forbidden: (t) => t.startsWith("islands/") || t.startsWith("routes/"),
    why: "lib is below the page layer",
  },
];

Deno.test("each layer imports only what docs/architecture.md allows", async () => {
  const violations: string[] = [];
  for (const rule of RULES) {
    for await (const file of sourceFiles(rule.from)) {
      const source = await Deno.readTextFile(join(ROOT, file));
      for (const specifier of runtimeImports(source)) {
        const t = target(file, specifier);
        if (rule.forbidden(t)) violations.push(`${file} imports ${t} (${rule.why})`);
      }
    }
  }
  assertEquals(violations, []);
});

Deno.test("the import scan sees value imports and skips type-only ones", () => {
  const source = [
    'import { db } from "../lib/db/client.ts";',
    'import type { Patient } from "../lib/db/schema.ts";',
    'import {\n  a,\n  b,\n} from "drizzle-orm";',
    'const lazy = await import("../routes/x.tsx");',
  ].join("\n");
  assertEquals(runtimeImports(source), ["../lib/db/client.ts", "drizzle-orm", "../routes/x.tsx"]);
  assertEquals(target("components/x/View.tsx", "../../lib/db/client.ts"), "lib/db/client.ts");
});
