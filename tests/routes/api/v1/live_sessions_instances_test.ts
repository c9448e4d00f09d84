/**
 * Two app instances over one database and one KV, as behind a load balancer:
 * each remembers the sessions it found alive, and a session ended through
 * one is refused by the other on its very next request, with nothing waited
 * for in between.
 */
import { assert, assertEquals } from "../../../support/assert.ts";
import { startTestApp, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { AuthService } from "../../../../lib/auth/auth-service.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";

const NURSE = "nurse@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";

/** Counts B's reads of session records in KV. */
function countSessionReads(app: TestApp): () => number {
  const sessions = app.deps.auth.sessions;
  const read = sessions.get.bind(sessions);
  let reads = 0;
  sessions.get = (id) => {
    reads++;
    return read(id);
  };
  return () => reads;
}

testOnEachDatabase("sessions ended on one instance", async (t, database) => {
  const a = await startTestApp(database);
  const b = await startTestApp(database);
  // B signs in against A's KV, as instances sharing one KV do; B keeps its own hub and memory.
  b.deps.auth = new AuthService(database.db, a.deps.kv, b.deps.config, {
    sessionEnds: b.deps.events,
  });
  const reads = countSessionReads(b);
  try {
    assert(await b.deps.auth.liveSessions!.ready());
    assert(await a.deps.auth.liveSessions!.ready());
    const get = (app: TestApp, path: string, jar: CookieJar) =>
      app.json("GET", path, undefined, { jar });
    /** B has found the session alive and no longer reads it. */
    const warmOnB = async (jar: CookieJar) => {
      assertEquals((await get(b, "/api/v1/me", jar)).status, 200);
      const before = reads();
      assertEquals((await get(b, "/api/v1/me", jar)).status, 200);
      assertEquals(reads(), before, "a warm request reads no session from KV");
    };
    const refusedOnB = async (cookie: string) => {
      const refused = await b.request("/api/v1/me", { headers: { cookie } });
      assertEquals(refused.status, 401);
      assertEquals((await refused.json()).code, "SESSION_REVOKED");
      const page = await b.request("/dashboard", { headers: { cookie }, redirect: "manual" });
      assertEquals(page.status, 303);
      assert(page.headers.get("location")?.startsWith("/login"));
    };

    await t.step("a warm request on B reads its session once, then from memory", async () => {
      const { jar } = await a.login(NURSE);
      const before = reads();
      assertEquals((await get(b, "/api/v1/me", jar)).status, 200);
      assertEquals(reads(), before + 1);
      await warmOnB(jar);
      assertEquals((await get(b, "/dashboard", jar)).status, 200);
      assertEquals(reads(), before + 1);
    });

    await t.step("signed out on A, refused on B's next request", async () => {
      const { jar } = await a.login(NURSE);
      await warmOnB(jar);
      const signedIn = jar.header();
      const out = await a.json("POST", "/api/v1/auth/logout", undefined, { jar });
      assert(out.status < 300, `logout answered ${out.status}`);
      await refusedOnB(signedIn);
    });

    await t.step("a device revoked on A is refused on B's next request", async () => {
      const device = await a.login(RECEPTION);
      const owner = await a.login(RECEPTION);
      await warmOnB(device.jar);
      const sessionId = JSON.parse(atob(device.body.accessToken.split(".")[1])).sid;
      const revoke = await a.request(`/account/sessions/${sessionId}/revoke`, {
        method: "POST",
        jar: owner.jar,
        redirect: "manual",
      });
      assertEquals(revoke.status, 303);
      await refusedOnB(device.jar.header());
      assertEquals((await get(b, "/api/v1/me", owner.jar)).status, 200, "the other device stays");
    });

    await t.step("a replayed refresh token on A ends the session on B at once", async () => {
      const { jar, body } = await a.login(NURSE);
      await warmOnB(jar);
      const signedIn = jar.header();
      const refresh = (token: string) =>
        a.json("POST", "/api/v1/auth/refresh", { refreshToken: token }, { noOrigin: true });
      assertEquals((await refresh(body.refreshToken)).status, 200);
      const replay = await refresh(body.refreshToken);
      assertEquals(replay.status, 401);
      await refusedOnB(signedIn);
    });

    await t.step("every session of a user ended on A is refused on B", async () => {
      const first = await a.login(NURSE);
      const second = await a.login(NURSE);
      await warmOnB(first.jar);
      await warmOnB(second.jar);
      const cookies = [first.jar.header(), second.jar.header()];
      const all = await a.request("/account/sessions/revoke-all", {
        method: "POST",
        jar: first.jar,
        redirect: "manual",
      });
      assertEquals(all.status, 303);
      for (const cookie of cookies) await refusedOnB(cookie);
    });
  } finally {
    await a.close();
    await b.close();
  }
});
