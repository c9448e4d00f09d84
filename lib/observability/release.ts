/**
 * The release every error report carries (Sentry's `release`, the browser's
 * too): `SENTRY_RELEASE` when set, else the git commit the server was started
 * from, else the app's version. Worked out once per process.
 */

/** The product version these sources are. */
export const APP_VERSION = "1.4.0";

let resolved: string | undefined;

function gitCommit(): string | null {
  try {
    const out = new Deno.Command("git", {
      args: ["rev-parse", "--short=12", "HEAD"],
      cwd: new URL("../../", import.meta.url).pathname,
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    const sha = new TextDecoder().decode(out.stdout).trim();
    return out.success && /^[0-9a-f]{7,40}$/.test(sha) ? sha : null;
  } catch {
    // No git on the machine (Deno Deploy), or no permission to run it.
    return null;
  }
}

export function releaseName(configured: string | null): string {
  if (configured) return configured;
  resolved ??= gitCommit() ?? `odontox@${APP_VERSION}`;
  return resolved;
}
