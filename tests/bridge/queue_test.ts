import { join } from "node:path";
import { CaptureQueue, type QueueEntry, type QueueStep } from "../../bridge/queue.ts";
import { assert, assertEquals } from "../support/assert.ts";

function entry(n: number): QueueEntry {
  return {
    sha256: n.toString(16).padStart(64, "0"),
    path: `/sensor/scan-${n}.dcm`,
    fileName: `scan-${n}.dcm`,
    size: 1_000 + n,
    mtimeMs: 1_700_000_000_000 + n,
    capturedAt: new Date(1_700_000_000_000 + n).toISOString(),
    enqueuedAt: new Date(1_800_000_000_000 + n).toISOString(),
    attempts: 0,
    nextAttemptAt: 0,
  };
}

class Crash extends Error {}

/** A queue that "dies" (throws, and is then abandoned) just before `step`. */
function crashingAt(step: QueueStep) {
  return {
    beforeStep: (current: QueueStep) => {
      if (current === step) throw new Crash(step);
    },
  };
}

async function withStateDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "bridge-queue-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("queued captures survive a restart, in arrival order", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir);
    for (const n of [3, 1, 2]) await queue.enqueue(entry(n));
    const reopened = await CaptureQueue.open(dir);
    assertEquals(reopened.entries().map((e) => e.fileName), [
      "scan-1.dcm",
      "scan-2.dcm",
      "scan-3.dcm",
    ]);
  }));

Deno.test("the same content is queued once, and never again once acknowledged", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir);
    assertEquals(await queue.enqueue(entry(1)), true);
    assertEquals(await queue.enqueue({ ...entry(1), path: "/sensor/copy.dcm" }), false);
    await queue.acknowledge(entry(1), { captureId: "c1" });
    assertEquals(queue.length, 0);
    const reopened = await CaptureQueue.open(dir);
    assertEquals(await reopened.enqueue({ ...entry(1), path: "/sensor/again.dcm" }), false);
    assertEquals(reopened.length, 0);
    assert(reopened.isAcknowledged(entry(1).sha256));
    assertEquals(reopened.lastAcknowledgement?.captureId, "c1");
  }));

Deno.test("a file seen before with the same size and mtime is recognised without hashing", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir);
    await queue.enqueue(entry(1));
    await queue.acknowledge(entry(1), { captureId: "c1" });
    const reopened = await CaptureQueue.open(dir);
    const e = entry(1);
    assertEquals(reopened.knownSha(e.path, e.size, e.mtimeMs), e.sha256);
    assertEquals(reopened.knownSha(e.path, e.size + 1, e.mtimeMs), null);
  }));

Deno.test("a crash while queueing leaves no half-written entry behind", () =>
  withStateDir(async (dir) => {
    for (const step of ["write-entry", "rename-entry"] as const) {
      const queue = await CaptureQueue.open(dir, crashingAt(step));
      await queue.enqueue(entry(7)).then(() => assert(false), (e) => assert(e instanceof Crash));
    }
    const reopened = await CaptureQueue.open(dir);
    // Not queued and not acknowledged: the start-up scan finds the file and queues it again.
    assertEquals(reopened.length, 0);
    assertEquals(reopened.isAcknowledged(entry(7).sha256), false);
    const leftovers = [...Deno.readDirSync(join(dir, "queue"))].map((item) => item.name);
    assertEquals(leftovers, []);
  }));

Deno.test("a crash before the acknowledgement is journalled keeps the capture queued", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir, crashingAt("append-journal"));
    await queue.enqueue(entry(1));
    await queue.acknowledge(entry(1), { captureId: "c1" }).catch((e) => assert(e instanceof Crash));
    const reopened = await CaptureQueue.open(dir);
    assertEquals(reopened.entries().map((e) => e.sha256), [entry(1).sha256]);
    assertEquals(reopened.isAcknowledged(entry(1).sha256), false);
  }));

Deno.test("a crash between journal and queue removal never sends the capture again", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir, crashingAt("remove-entry"));
    await queue.enqueue(entry(1));
    await queue.enqueue(entry(2));
    await queue.acknowledge(entry(1), { captureId: "c1" }).catch((e) => assert(e instanceof Crash));
    assert(Deno.statSync(join(dir, "queue", `${entry(1).sha256}.json`)).isFile);

    const reopened = await CaptureQueue.open(dir);
    assertEquals(reopened.entries().map((e) => e.sha256), [entry(2).sha256]);
    assert(reopened.isAcknowledged(entry(1).sha256));
    assertEquals(await reopened.enqueue(entry(1)), false);
  }));

Deno.test("a torn last journal line (killed mid-append) is dropped and later lines still count", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir);
    await queue.enqueue(entry(1));
    await queue.acknowledge(entry(1), { captureId: "c1" });
    await Deno.writeTextFile(join(dir, "acknowledged.jsonl"), '{"sha256":"00', { append: true });

    const reopened = await CaptureQueue.open(dir);
    assert(reopened.isAcknowledged(entry(1).sha256));
    await reopened.enqueue(entry(2));
    await reopened.acknowledge(entry(2), { captureId: "c2" });

    const again = await CaptureQueue.open(dir);
    assert(again.isAcknowledged(entry(1).sha256));
    assert(again.isAcknowledged(entry(2).sha256));
    assertEquals(again.acknowledgedCount, 2);
  }));

Deno.test("retry bookkeeping is kept across restarts and the next due entry is chosen by time", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir);
    await queue.enqueue(entry(1));
    await queue.enqueue(entry(2));
    await queue.update({ ...entry(1), attempts: 3, nextAttemptAt: 5_000, lastError: "503" });
    const reopened = await CaptureQueue.open(dir);
    const [first] = reopened.entries();
    assertEquals([first.attempts, first.lastError], [3, "503"]);
    assertEquals(reopened.nextDue(1_000).entry?.sha256, entry(2).sha256);
    await reopened.acknowledge(entry(2), { captureId: "c2" });
    assertEquals(reopened.nextDue(1_000), { entry: null, wakeAt: 5_000 });
    assertEquals(reopened.nextDue(5_000).entry?.sha256, entry(1).sha256);
  }));

/** Writes a source file and copies it into the queue the way the agent does. */
async function stageFile(queue: CaptureQueue, dir: string, n: number) {
  const bytes = new TextEncoder().encode(`x-ray ${n} `.repeat(100 + n));
  const source = join(dir, `original-${n}.dcm`);
  await Deno.writeFile(source, bytes);
  const staged = await queue.stage(source);
  const e: QueueEntry = { ...entry(n), sha256: staged.sha256, path: source, size: bytes.length };
  return { bytes, source, staged, entry: e };
}

const copies = (dir: string) => [...Deno.readDirSync(join(dir, "files"))].map((i) => i.name).sort();

Deno.test("a queued capture is read from the queue's own copy once the original is gone", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir);
    const { bytes, source, staged, entry: e } = await stageFile(queue, dir, 1);
    assertEquals(staged.size, bytes.length);
    assert(await queue.enqueue(e, staged));
    await Deno.remove(source);

    const reopened = await CaptureQueue.open(dir);
    const [queued] = reopened.entries();
    assertEquals(queued.copied, true);
    assertEquals(reopened.copiedBytes, bytes.length);
    assertEquals(await Deno.readFile(reopened.sourcePath(queued)), bytes);
    await reopened.acknowledge(queued, { captureId: "c1" });
    assertEquals(copies(dir), []);
    assertEquals(reopened.copiedBytes, 0);
  }));

Deno.test("content already queued or acknowledged keeps no second copy", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir);
    const first = await stageFile(queue, dir, 1);
    await queue.enqueue(first.entry, first.staged);
    const again = await queue.stage(first.source);
    assertEquals(await queue.enqueue({ ...first.entry, path: "/elsewhere.dcm" }, again), false);
    assertEquals(copies(dir), [first.entry.sha256]);
    await queue.acknowledge(first.entry, { captureId: "c1" });
    const late = await queue.stage(first.source);
    assertEquals(await queue.enqueue(first.entry, late), false);
    assertEquals(copies(dir), []);
  }));

Deno.test("a crash at any step of queueing a copy leaves neither a capture nor a stray copy", () =>
  withStateDir(async (dir) => {
    for (const step of ["copy-file", "rename-copy", "write-entry", "rename-entry"] as const) {
      const queue = await CaptureQueue.open(dir, crashingAt(step));
      const outcome = await stageFile(queue, dir, 7)
        .then(({ staged, entry: e }) => queue.enqueue(e, staged))
        .then(() => "queued", (error) => error instanceof Crash ? "crashed" : String(error));
      assertEquals(outcome, "crashed", step);
      const reopened = await CaptureQueue.open(dir);
      // The original is still in the watched folder: the start-up scan queues it again.
      assertEquals(reopened.length, 0, step);
      assertEquals(copies(dir), [], step);
    }
  }));

Deno.test("a crash after the acknowledgement is journalled removes the copy on the next start", () =>
  withStateDir(async (dir) => {
    for (const step of ["remove-entry", "remove-copy"] as const) {
      const queue = await CaptureQueue.open(dir, crashingAt(step));
      const { staged, entry: e } = await stageFile(queue, dir, step.length);
      await queue.enqueue(e, staged);
      await queue.acknowledge(e, { captureId: "c" }).then(
        () => assert(false),
        (error) => assert(error instanceof Crash),
      );
      assertEquals(copies(dir), [e.sha256], step);
      const reopened = await CaptureQueue.open(dir);
      assertEquals([reopened.length, copies(dir)], [0, []], step);
      assert(reopened.isAcknowledged(e.sha256));
    }
  }));

Deno.test("a crash before the journal append keeps both the entry and its copy", () =>
  withStateDir(async (dir) => {
    const queue = await CaptureQueue.open(dir, crashingAt("append-journal"));
    const { bytes, source, staged, entry: e } = await stageFile(queue, dir, 3);
    await queue.enqueue(e, staged);
    await Deno.remove(source);
    await queue.acknowledge(e, { captureId: "c" }).catch((error) => assert(error instanceof Crash));
    const reopened = await CaptureQueue.open(dir);
    const [queued] = reopened.entries();
    assertEquals(await Deno.readFile(reopened.sourcePath(queued)), bytes);
  }));
