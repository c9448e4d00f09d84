/**
 * Where a request's CPU goes, from a V8 profile of `profile_pages.ts`:
 * self time grouped by the package (or app folder) each sampled function
 * lives in, over the samples after the run's setup (migrations, seeding,
 * sign-in) last appeared on a stack, so the table is the request loop's.
 *
 *   deno run -A --cpu-prof --cpu-prof-dir=.data/profiles --cpu-prof-name=dash.cpuprofile \
 *     bench/profile_pages.ts --only=dashboard
 *   deno run -A bench/cpu_profile_summary.ts .data/profiles/dash.cpuprofile [--top=25]
 */
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: args, positionals } = parseArgs({
  args: Deno.args,
  options: { top: { type: "string", default: "25" } },
  allowPositionals: true,
});
if (positionals.length !== 1) throw new Error("usage: cpu_profile_summary.ts <file.cpuprofile>");
const profile: Profile = JSON.parse(await Deno.readTextFile(positionals[0]));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) parent.set(child, node.id);
}

function stackOf(id: number): ProfileNode[] {
  const stack: ProfileNode[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    stack.push(byId.get(at)!);
  }
  return stack;
}

const SETUP = /\/(migrate|seed|seed_large_clinic|build|passwords)\.ts$|hash-wasm/;
let start = 0;
profile.samples.forEach((id, i) => {
  if (stackOf(id).some((node) => SETUP.test(node.callFrame.url))) start = i + 1;
});

function group(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) {
    if (functionName.startsWith("wasm-function")) return "wasm (PGlite)";
    return functionName || "(native)";
  }
  const npm = url.match(/\/npm\/registry\.npmjs\.org\/((?:@[^/]+\/)?[^/]+)\//);
  if (npm) return npm[1];
  if (url.startsWith("wasm")) return "wasm (PGlite)";
  const app = url.match(/\/wt\/[^/]+\/([^/]+\/(?:[^/]+\/)?)/) ??
    url.match(/file:\/\/\/.*?\/(lib\/[^/]+\/|routes\/|components\/[^/]+\/|islands\/)/);
  if (app) return `app: ${app[1]}`;
  if (url.startsWith("ext:")) return `deno: ${url.split("/")[0]}`;
  return url;
}

const selfByGroup = new Map<string, number>();
const selfByFunction = new Map<string, number>();
let total = 0;
for (let i = start; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i])!;
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  total += ms;
  const g = group(node);
  selfByGroup.set(g, (selfByGroup.get(g) ?? 0) + ms);
  const fn = `${node.callFrame.functionName || "(anonymous)"} ${
    node.callFrame.url.split("/").slice(-2).join("/")
  }:${node.callFrame.lineNumber + 1}`;
  selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + ms);
}

const rows = (map: Map<string, number>) =>
  [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top)).map(([name, ms]) => ({
    name,
    "self ms": ms.toFixed(0),
    "%": (ms / total * 100).toFixed(1),
  }));
console.log(
  `${positionals[0]}: ${total.toFixed(0)} ms sampled after setup ` +
    `(${profile.samples.length - start} of ${profile.samples.length} samples)`,
);
console.table(rows(selfByGroup));
console.table(rows(selfByFunction));
