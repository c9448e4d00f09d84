/**
 * PGlite on disk answers "how long is this file" from memory between writes
 * (`lib/db/pglite-file-sizes.ts`). A size kept too long would make Postgres
 * miss rows on a scan, or write a new page over an old one. These tests grow,
 * shrink and replace tables between reads, and check every row is there,
 * that the sizes Postgres works with are the files' real ones, and that all
 * of it survives a restart.
 */
import { join } from "node:path";
import { assertEquals } from "../../support/assert.ts";
import { type Database, openDatabase } from "../../../lib/db/client.ts";
import { rememberFileSizes } from "../../../lib/db/pglite-file-sizes.ts";

async function withDataDir(fn: (dataDir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "odx-pglite-sizes-" });
  try {
    await fn(join(dir, "pg"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const tally = async (database: Database, table: string) => {
  const [row] = await database.sql.query<{ n: number; total: number }>(
    `select count(*)::int as n, coalesce(sum(v), 0)::int as total from ${table}`,
  );
  return row;
};

/** The size Postgres reports for a table's main file against the file's size on disk. */
async function sizes(database: Database, dataDir: string, table: string) {
  const [row] = await database.sql.query<{ path: string; size: number }>(
    `select pg_relation_filepath('${table}') as path, pg_relation_size('${table}')::int as size`,
  );
  return { postgres: row.size, disk: (await Deno.stat(join(dataDir, row.path))).size };
}

const insertBatch = (database: Database, table: string, from: number, count: number) =>
  database.sql.exec(
    `insert into ${table} (v, pad) select g, repeat('x', 200) from generate_series(${from}, ${
      from + count - 1
    }) g`,
  );

Deno.test("tables grown, shrunk and rewritten between reads keep exactly their rows", async (t) => {
  await withDataDir(async (dataDir) => {
    const database = await openDatabase({ url: null, dataDir });
    try {
      await t.step("rows added between reads are all found", async () => {
        await database.sql.exec("create table grow (v int, pad text)");
        let n = 0;
        let total = 0;
        // Each batch adds pages to a file whose size the scan before it has just read.
        for (let batch = 0; batch < 12; batch++) {
          await insertBatch(database, "grow", n + 1, 150);
          for (let v = n + 1; v <= n + 150; v++) total += v;
          n += 150;
          assertEquals(await tally(database, "grow"), { n, total });
        }
        const { postgres, disk } = await sizes(database, dataDir, "grow");
        assertEquals(postgres, disk);
        assertEquals(postgres % 8192, 0);
      });
      await t.step("a table emptied, shrunk or rewritten keeps exactly its rows", async () => {
        await database.sql.exec("create table churn (v int, pad text)");
        await insertBatch(database, "churn", 1, 2000);
        assertEquals((await tally(database, "churn")).n, 2000);

        // Vacuum cuts the empty pages off the end of the file.
        await database.sql.exec("delete from churn where v > 100");
        await database.sql.exec("vacuum churn");
        assertEquals(await tally(database, "churn"), { n: 100, total: 5050 });
        let { postgres, disk } = await sizes(database, dataDir, "churn");
        assertEquals(postgres, disk);
        await insertBatch(database, "churn", 101, 900);
        assertEquals(await tally(database, "churn"), { n: 1000, total: 500500 });

        // Truncate and vacuum full move the table to a new file.
        await database.sql.exec("truncate churn");
        assertEquals(await tally(database, "churn"), { n: 0, total: 0 });
        await insertBatch(database, "churn", 1, 300);
        await database.sql.exec("delete from churn where v % 2 = 0");
        await database.sql.exec("vacuum full churn");
        assertEquals(await tally(database, "churn"), { n: 150, total: 22500 });
        await insertBatch(database, "churn", 1001, 500);
        assertEquals((await tally(database, "churn")).n, 650);
        ({ postgres, disk } = await sizes(database, dataDir, "churn"));
        assertEquals(postgres, disk);
      });
    } finally {
      await database.close();
    }
  });
});

Deno.test("what was written is all there after a restart", async () => {
  await withDataDir(async (dataDir) => {
    const first = await openDatabase({ url: null, dataDir });
    let before: { n: number; total: number };
    try {
      await first.sql.exec("create table kept (v int, pad text)");
      await insertBatch(first, "kept", 1, 1200);
      await first.sql.exec("delete from kept where v <= 600");
      await first.sql.exec("vacuum kept");
      await insertBatch(first, "kept", 5001, 400);
      before = await tally(first, "kept");
    } finally {
      await first.close();
    }
    const second = await openDatabase({ url: null, dataDir });
    try {
      assertEquals(await tally(second, "kept"), before);
      await insertBatch(second, "kept", 9001, 700);
      assertEquals((await tally(second, "kept")).n, before.n + 700);
      const { postgres, disk } = await sizes(second, dataDir, "kept");
      assertEquals(postgres, disk);
    } finally {
      await second.close();
    }
  });
});

/**
 * The same rules against a stand-in for NODEFS whose files are byte counts,
 * where every way of changing a file can be taken on its own: a size read
 * back after any of them is the file's size then.
 */
function fakeFiles() {
  const sizes = new Map<string, number>();
  let statted = 0;
  type FakeNode = { mode: number; name: string };
  type FakeStream = { node: FakeNode };
  const files = {
    NODEFS: {
      stream_ops: {
        open: (s: FakeStream) => {
          if ((s as { truncate?: boolean }).truncate) sizes.set(s.node.name, 0);
        },
        llseek: (s: FakeStream, offset: number, whence: number) => {
          if (whence !== 2) return offset;
          statted++;
          return sizes.get(s.node.name)! + offset;
        },
        write: (s: FakeStream, length: unknown, position: unknown) => {
          const end = (position as number) + (length as number);
          sizes.set(s.node.name, Math.max(sizes.get(s.node.name)!, end));
          return length as number;
        },
        setattr: (s: FakeStream, attr: unknown) => {
          sizes.set(s.node.name, (attr as { size: number }).size);
        },
      },
      node_ops: {
        setattr: (n: FakeNode, attr: unknown) => {
          sizes.set(n.name, (attr as { size: number }).size);
        },
      },
    },
    FS: {
      isFile: (mode: number) => mode === 0o100644,
      ErrnoError: class extends Error {
        constructor(readonly errno: number) {
          super(`errno ${errno}`);
        }
      },
    },
  };
  rememberFileSizes(files as unknown as Parameters<typeof rememberFileSizes>[0]);
  const node: FakeNode = { mode: 0o100644, name: "base/5/16384" };
  sizes.set(node.name, 8192);
  const ops = files.NODEFS.stream_ops;
  const end = () => ops.llseek({ node }, 0, 2);
  return { ops, node_ops: files.NODEFS.node_ops, node, end, statted: () => statted };
}

Deno.test("a file's size is read once and then answered from memory until it changes", () => {
  const { end, statted, ops, node } = fakeFiles();
  assertEquals(end(), 8192);
  assertEquals(end(), 8192);
  assertEquals(ops.llseek({ node }, -8192, 2), 0);
  assertEquals(statted(), 1);
});

Deno.test("every way of changing a file forgets its size", () => {
  const changes: [string, (f: ReturnType<typeof fakeFiles>) => void, number][] = [
    ["a write past its end", (f) => f.ops.write({ node: f.node }, 8192, 8192), 16384],
    ["a truncate through the open file", (f) => f.ops.setattr({ node: f.node }, { size: 0 }), 0],
    ["a truncate by path", (f) => f.node_ops.setattr(f.node, { size: 4096 }), 4096],
    [
      "an open that truncates",
      (f) => f.ops.open({ node: f.node, truncate: true } as never),
      0,
    ],
  ];
  for (const [change, apply, after] of changes) {
    const files = fakeFiles();
    assertEquals(files.end(), 8192, change);
    apply(files);
    assertEquals(files.end(), after, change);
  }
});

Deno.test("a seek before the start of a file is refused, as Emscripten refuses it", () => {
  const { ops, node } = fakeFiles();
  let refused: unknown;
  try {
    ops.llseek({ node }, -8193, 2);
  } catch (error) {
    refused = error;
  }
  assertEquals((refused as { errno?: number } | undefined)?.errno, 28);
});
