import { assert, assertEquals } from "../../support/assert.ts";
import {
  compileFilenamePattern,
  FilenamePatternError,
} from "../../../lib/bridge/filename-pattern.ts";

Deno.test("a pattern finds the MRN in a file name, ignoring case and extension", () => {
  const pattern = compileFilenamePattern("{mrn}_{any}");
  assertEquals(pattern.mrnOf("P-000042_20261121.dcm"), "P-000042");
  assertEquals(pattern.mrnOf("C:\\sensor\\out\\p-000042_bw.jpg"), "P-000042");
  assertEquals(pattern.mrnOf("notes.txt"), null);
  assertEquals(compileFilenamePattern("{mrn}-{any}").mrnOf("P-000042-7.dcm"), "P-000042");
  assertEquals(
    compileFilenamePattern("IMG {any} ({mrn})").mrnOf("img 12 (P-000007).png"),
    "P-000007",
  );
  assertEquals(compileFilenamePattern("{mrn}").mrnOf("P-000009.dcm"), "P-000009");
});

Deno.test("literal text is literal, and bad patterns are refused with a reason", () => {
  assertEquals(compileFilenamePattern("x.{mrn}").mrnOf("xA{mrn}"), null);
  assertEquals(compileFilenamePattern("a+{mrn}").mrnOf("a+P-000001.dcm"), "P-000001");
  for (const bad of ["{any}", "{mrn}{mrn}", "{name}_{mrn}", "dir/{mrn}", "{mrn", ""]) {
    let refused: unknown = null;
    try {
      compileFilenamePattern(bad);
    } catch (error) {
      refused = error;
    }
    assert(refused instanceof FilenamePatternError, `refuses ${JSON.stringify(bad)}`);
  }
});
