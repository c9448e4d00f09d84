/**
 * Builds the bridge's executables into `dist/bridge/`:
 *
 *   deno task bridge:compile                      every target
 *   deno task bridge:compile x86_64-unknown-linux-gnu
 *
 * `deno compile --target` downloads Deno's runtime for each target the first
 * time, so this needs network access to the Deno release downloads. The
 * binaries get only the permissions the bridge uses.
 */
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const TARGETS = {
  "x86_64-pc-windows-msvc": "odontox-bridge-windows-x64.exe",
  "x86_64-apple-darwin": "odontox-bridge-macos-x64",
  "aarch64-apple-darwin": "odontox-bridge-macos-arm64",
  "x86_64-unknown-linux-gnu": "odontox-bridge-linux-x64",
} as const;

type Target = keyof typeof TARGETS;

const root = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(root, "dist", "bridge");

async function compile(target: Target): Promise<boolean> {
  const output = join(outDir, TARGETS[target]);
  console.log(`compiling ${target} → ${output}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: [
      "compile",
      "--allow-read",
      "--allow-write",
      "--allow-net",
      "--allow-env",
      "--no-check",
      "--target",
      target,
      "--output",
      output,
      join(root, "bridge", "main.ts"),
    ],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  return code === 0;
}

if (import.meta.main) {
  const requested = Deno.args.length ? Deno.args : Object.keys(TARGETS);
  const unknown = requested.filter((target) => !(target in TARGETS));
  if (unknown.length) {
    console.error(
      `unknown target(s): ${unknown.join(", ")}; known: ${Object.keys(TARGETS).join(", ")}`,
    );
    Deno.exit(2);
  }
  await Deno.mkdir(outDir, { recursive: true });
  const failed: string[] = [];
  for (const target of requested as Target[]) {
    if (!(await compile(target))) failed.push(target);
  }
  if (failed.length) {
    console.error(`failed: ${failed.join(", ")}`);
    Deno.exit(1);
  }
  console.log(`done: ${requested.length} executable(s) in ${outDir}`);
}
