import { join } from "node:path";
import { ConfigError, DEFAULT_PATTERNS, loadConfig, parseConfig } from "../../bridge/config.ts";
import { compilePatterns, isTransientName } from "../../bridge/patterns.ts";
import { assert, assertEquals, assertMatch, assertRejects } from "../support/assert.ts";

const KEY = "odxb_" + "a".repeat(43);
const minimal = {
  serverUrl: "https://clinic.example.com/",
  apiKey: KEY,
  watchDir: "/sensor/export",
  stateDir: "state",
};

Deno.test("a minimal config gets the defaults and folders relative to the config file", () => {
  const config = parseConfig(minimal, "bridge.json", "/etc/odontox");
  assertEquals(config.serverUrl, "https://clinic.example.com");
  assertEquals(config.watchDir, "/sensor/export");
  assertEquals(config.stateDir, join("/etc/odontox", "state"));
  assertEquals(config.patterns, DEFAULT_PATTERNS);
  assertEquals(config.category, undefined);
  assertEquals(config.stabilityWaitMs, 2_000);
});

Deno.test("every problem in a config file is listed by field name", () => {
  let error: unknown;
  try {
    parseConfig({ serverUrl: "ftp://x", apiKey: "secret", category: "selfie", watchDir: "" });
  } catch (caught) {
    error = caught;
  }
  assert(error instanceof ConfigError);
  const text = error.problems.join("\n");
  assertMatch(text, /"serverUrl" must be an http\(s\) URL/);
  assertMatch(text, /"apiKey" must be a device key from Settings → Bridge Devices/);
  assertMatch(text, /"category"/);
  assertMatch(text, /"watchDir" is required/);
  assertMatch(text, /"stateDir" is required/);
});

Deno.test("a misspelt setting is reported rather than silently ignored", () => {
  let error: unknown;
  try {
    parseConfig({ ...minimal, watchdir: "/x" });
  } catch (caught) {
    error = caught;
  }
  assert(error instanceof ConfigError);
  assertMatch(error.message, /unknown setting\(s\): watchdir/);
});

Deno.test("a missing or broken config file says which file and why", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = join(dir, "nope.json");
    const notFound = await assertRejects(
      () => loadConfig(missing),
      (e) => e instanceof ConfigError,
    );
    assertMatch(notFound.message, /nope\.json:\n {2}- file not found/);

    const broken = join(dir, "broken.json");
    await Deno.writeTextFile(broken, "{ serverUrl: ");
    const invalid = await assertRejects(() => loadConfig(broken), (e) => e instanceof ConfigError);
    assertMatch(invalid.message, /not valid JSON/);

    const good = join(dir, "bridge.json");
    await Deno.writeTextFile(good, JSON.stringify({ ...minimal, category: "panoramic" }));
    const config = await loadConfig(good);
    assertEquals(config.category, "panoramic");
    assertEquals(config.stateDir, join(dir, "state"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("file patterns match base names without regard to case and skip partial files", () => {
  const matches = compilePatterns(["*.dcm", "IMG_????.jpg"]);
  assert(matches("P-000001_scan.DCM"));
  assert(matches("img_0042.jpg"));
  assert(!matches("IMG_42.jpg"));
  assert(!matches("notes.txt"));
  assert(!matches("scan.dcm.bak"));
  assert(isTransientName("scan.dcm.part"));
  assert(isTransientName(".~lock.dcm"));
  assert(!isTransientName("scan.dcm"));
});
