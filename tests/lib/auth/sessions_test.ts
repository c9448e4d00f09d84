import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { SessionStore } from "../../../lib/auth/sessions.ts";
import { AppError } from "../../../lib/errors.ts";

const USER = { userId: "u-1", clinicId: "c-1", userAgent: "test", ip: "127.0.0.1" };
const codeOf = (error: Error) => error instanceof AppError ? error.code : error.message;

/** A KV file on disk, as `deno task start` uses, rather than the in-memory one. */
async function withFileKv(fn: (store: SessionStore, kv: Deno.Kv) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  const kv = await Deno.openKv(join(dir, "kv.sqlite3"));
  try {
    await fn(new SessionStore(kv, { refreshTtlSeconds: 3600 }), kv);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a chain of rotations keeps one session alive with a new token each time", async () => {
  await withFileKv(async (store) => {
    const { session, refreshToken } = await store.create(USER);
    let token = refreshToken;
    for (let i = 0; i < 5; i++) {
      const next = await store.rotate(token);
      assertEquals(next.session.id, session.id);
      assert(next.refreshToken !== token);
      token = next.refreshToken;
    }
    assertEquals((await store.listForUser(USER.userId)).length, 1);
  });
});

Deno.test("concurrent rotations on a KV file commit exactly once and revoke the session", async () => {
  await withFileKv(async (store) => {
    const { session, refreshToken } = await store.create(USER);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => store.rotate(refreshToken)),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    assertEquals(won.length, 1);
    for (const r of results) {
      if (r.status === "rejected") assertEquals(codeOf(r.reason), "SESSION_REVOKED");
    }
    // The replays revoked the session, so the winner's successor is dead too.
    assertEquals(await store.get(session.id), null);
    const successor = (won[0] as PromiseFulfilledResult<{ refreshToken: string }>).value;
    const error = await assertRejects(() => store.rotate(successor.refreshToken));
    assertEquals(codeOf(error), "SESSION_REVOKED");
  });
});

Deno.test("only a hash of the refresh token is stored", async () => {
  await withFileKv(async (store, kv) => {
    const { refreshToken } = await store.create(USER);
    for await (const entry of kv.list({ prefix: [] })) {
      assert(!JSON.stringify(entry.key).includes(refreshToken), "token not in a key");
      assert(!JSON.stringify(entry.value).includes(refreshToken), "token not in a value");
    }
  });
});

Deno.test("revoking all of a user's sessions leaves other users signed in", async () => {
  await withFileKv(async (store) => {
    await store.create(USER);
    await store.create(USER);
    const other = await store.create({ ...USER, userId: "u-2" });
    assertEquals(await store.revokeAllForUser(USER.userId), 2);
    assertEquals(await store.listForUser(USER.userId), []);
    assertEquals((await store.rotate(other.refreshToken)).session.userId, "u-2");
  });
});

Deno.test("tokens of the wrong shape are refused before any lookup", async () => {
  await withFileKv(async (store) => {
    for (const token of ["", "short", "x".repeat(44), "é".repeat(43)]) {
      const error = await assertRejects(() => store.rotate(token));
      assertEquals(codeOf(error), "INVALID_TOKEN");
    }
  });
});
