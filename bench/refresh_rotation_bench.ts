/**
 * Refresh-token rotations per second on a local Deno KV file, as a ratio to
 * plain KV writes measured in the same run.
 *
 *   deno bench -A bench/refresh_rotation_bench.ts
 *
 * One session's refresh token is rotated in a chain, each iteration
 * presenting the successor the previous one issued, as a client that
 * refreshes in turn would. The baseline is a single `kv.set` (one durable
 * write, the floor for anything that persists); the other rows show what a
 * rotation is made of: its KV reads and its atomic commit without the
 * hashing and token checks around them. `deno bench` prints iterations per
 * second and each row's ratio to the baseline.
 */
import { SessionStore } from "../lib/auth/sessions.ts";

const GROUP = "refresh rotation (local KV file)";
const REFRESH_TTL_SECONDS = 30 * 24 * 60 * 60;
const expireIn = REFRESH_TTL_SECONDS * 1000;
// Disk writes are noisy; a fixed, generous count keeps the ratios steadier
// and the run bounded (a few seconds per row).
const N = 1500;
const WARMUP = 150;

const dir = await Deno.makeTempDir({ prefix: "odontox-kv-bench-" });
const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
globalThis.addEventListener("unload", () => {
  kv.close();
  Deno.removeSync(dir, { recursive: true });
});

const store = new SessionStore(kv, { refreshTtlSeconds: REFRESH_TTL_SECONDS });
let { refreshToken } = await store.create({
  userId: crypto.randomUUID(),
  clinicId: crypto.randomUUID(),
  userAgent: "odontox-bench",
  ip: "127.0.0.1",
});

/** About the size of a refresh record, so the writes compare like for like. */
const record = (n: number) => ({
  sessionId: "00000000-0000-4000-8000-000000000000",
  userId: "00000000-0000-4000-8000-000000000001",
  issuedAt: n,
});

let sets = 0;
Deno.bench({
  name: "kv.set (baseline)",
  group: GROUP,
  n: N,
  warmup: WARMUP,
  baseline: true,
  async fn() {
    await kv.set(["bench_set", sets % 1024], record(sets++), { expireIn });
  },
});

let pairs = 0;
Deno.bench({
  name: "kv.get + kv.set",
  group: GROUP,
  n: N,
  warmup: WARMUP,
  async fn() {
    const key = ["bench_pair", pairs % 1024];
    await kv.get(key);
    await kv.set(key, record(pairs++), { expireIn });
  },
});

// The KV work of one rotation alone: two reads, then one commit checking both
// and writing four keys (used token, successor, session, user index).
let bare = 0;
await kv.set(["bench_session", 0], record(0));
Deno.bench({
  name: "rotation's KV ops only",
  group: GROUP,
  n: N,
  warmup: WARMUP,
  async fn() {
    const n = bare++;
    const presented = await kv.get(["bench_refresh", n]);
    const session = await kv.get(["bench_session", 0]);
    const result = await kv.atomic()
      .check(presented)
      .check(session)
      .set(["bench_refresh", n], { ...record(n), _used: n }, { expireIn })
      .set(["bench_refresh", n + 1], record(n + 1), { expireIn })
      .set(["bench_session", 0], record(n), { expireIn })
      .set(["bench_user_session", 0], n, { expireIn })
      .commit();
    if (!result.ok) throw new Error("commit failed");
  },
});

Deno.bench({
  name: "SessionStore.rotate (chained)",
  group: GROUP,
  n: N,
  warmup: WARMUP,
  async fn() {
    ({ refreshToken } = await store.rotate(refreshToken));
  },
});
