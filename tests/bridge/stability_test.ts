import { join } from "node:path";
import { type FileSnapshot, waitUntilStable } from "../../bridge/stability.ts";
import { assertEquals } from "../support/assert.ts";

/** A fake clock and a file whose size follows a script over time. */
function scripted(sizes: [atMs: number, size: number | null][]) {
  let now = 0;
  const reads: number[] = [];
  return {
    reads,
    now: () => now,
    sleep: (ms: number) => {
      now += ms;
      return Promise.resolve();
    },
    stat: (): Promise<FileSnapshot | null> => {
      reads.push(now);
      const current = sizes.filter(([at]) => at <= now).at(-1)![1];
      return Promise.resolve(current === null ? null : { size: current, mtimeMs: current });
    },
  };
}

Deno.test("a file still growing is read only once its size has held for the whole wait", async () => {
  const file = scripted([[0, 100], [300, 5_000], [700, 9_000], [1_100, 12_000]]);
  const result = await waitUntilStable("x", { waitMs: 1_000, pollMs: 100, ...file });
  assertEquals(result, { size: 12_000, mtimeMs: 12_000 });
  // Growth stopped at 1.1 s, so the earliest moment it counts as stable is 2.1 s.
  assertEquals(file.now(), 2_100);
});

Deno.test("an empty placeholder is not read until the sensor fills it", async () => {
  const file = scripted([[0, 0], [5_000, 2_048]]);
  const result = await waitUntilStable("x", { waitMs: 500, pollMs: 100, ...file });
  assertEquals(result?.size, 2_048);
  assertEquals(file.now(), 5_500);
});

Deno.test("a file deleted while settling is given up", async () => {
  const file = scripted([[0, 10], [200, null]]);
  assertEquals(await waitUntilStable("x", { waitMs: 1_000, pollMs: 100, ...file }), null);
});

Deno.test("a file that never stops changing is given up after the maximum wait", async () => {
  let size = 0;
  let now = 0;
  const result = await waitUntilStable("x", {
    waitMs: 1_000,
    pollMs: 100,
    maxWaitMs: 5_000,
    now: () => now,
    sleep: (ms) => Promise.resolve(void (now += ms)),
    stat: () => Promise.resolve({ size: ++size, mtimeMs: size }),
  });
  assertEquals(result, null);
  assertEquals(now, 5_000);
});

Deno.test("on a real disk, a file written in pieces settles only after the last piece", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "scan.dcm");
  try {
    await Deno.writeFile(path, new Uint8Array(1_000));
    const settled = waitUntilStable(path, { waitMs: 300, pollMs: 20 });
    let lastWrite = 0;
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Deno.writeFile(path, new Uint8Array(1_000), { append: true });
      lastWrite = performance.now();
    }
    const result = await settled;
    assertEquals(result?.size, 5_000);
    const waited = performance.now() - lastWrite;
    if (waited < 290) throw new Error(`read ${waited} ms after the last write`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
