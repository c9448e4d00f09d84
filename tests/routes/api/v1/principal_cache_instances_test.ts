/**
 * Two app instances over one database, as behind a load balancer: each keeps
 * its own principal cache, and a change made through one is obeyed by the
 * other from the request after its hub heard the commit. Each instance here
 * has a KV of its own, so only the event bus can tell B what A did.
 */
import { assert, assertEquals } from "../../../support/assert.ts";
import {
  claimsOf,
  startTestApp,
  type TestApp,
  testOnEachDatabase,
} from "../../../support/test-app.ts";
import { countStatements } from "../../../support/statements.ts";
import { accessChangeHeard } from "../../../support/access-changes.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import { PrincipalCache } from "../../../../lib/auth/principal-cache.ts";

const OWNER = "owner@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const SUPERADMIN = "superadmin@odontox.test";

async function memberIdOf(app: TestApp, jar: CookieJar, email: string): Promise<string> {
  const res = await app.json("GET", "/api/v1/staff", undefined, { jar });
  const { members } = await res.json();
  return members.find((m: { email: string }) => m.email === email).id;
}

testOnEachDatabase("principal cache across instances", async (t, database) => {
  const a = await startTestApp(database);
  const b = await startTestApp(database);
  try {
    const owner = await a.login(OWNER);
    const nurseId = claimsOf((await b.login(NURSE)).body.accessToken).sub;
    const nurseMemberId = await memberIdOf(a, owner.jar, NURSE);
    let nurse = (await b.login(NURSE)).jar;
    const get = (app: TestApp, path: string, jar: CookieJar) =>
      app.json("GET", path, undefined, { jar });
    const heardOnB = () => accessChangeHeard(b.deps.events, (c) => c?.userId === nurseId);

    await t.step("a warm GET /api/v1/me runs no SQL", async () => {
      assert(await b.deps.principals.ready());
      const cold = await countStatements(database, () => get(b, "/api/v1/me", nurse));
      assertEquals(cold.result.status, 200);
      assertEquals(cold.statements.length, 1, "a cold one reads the principal in one statement");
      const warm = await countStatements(database, () => get(b, "/api/v1/me", nurse));
      assertEquals(warm.result.status, 200);
      assertEquals(warm.statements, []);
      assertEquals(await warm.result.json(), await cold.result.json());
    });

    await t.step("a permission revoked on A is refused on B's very next request", async () => {
      assertEquals((await get(b, "/api/v1/patients", nurse)).status, 200);
      assertEquals(
        (await countStatements(database, () => get(b, "/api/v1/me", nurse))).statements,
        [],
        "B's cache is warm",
      );
      const heard = await heardOnB();
      const revoke = await a.json("PUT", `/api/v1/staff/${nurseMemberId}/permissions`, {
        permissions: ["appointments.view"],
      }, { jar: owner.jar });
      assertEquals(revoke.status, 200);
      await heard();
      const refused = await get(b, "/api/v1/patients", nurse);
      assertEquals(refused.status, 403);
      assertEquals((await refused.json()).code, "FORBIDDEN");
      assertEquals((await (await get(b, "/api/v1/me", nurse)).json()).permissions, [
        "appointments.view",
      ]);

      const restored = await heardOnB();
      const reset = await a.json(
        "DELETE",
        `/api/v1/staff/${nurseMemberId}/permissions`,
        undefined,
        {
          jar: owner.jar,
        },
      );
      assertEquals(reset.status, 200);
      await restored();
      assertEquals((await get(b, "/api/v1/patients", nurse)).status, 200);
    });

    await t.step("a role template saved on A is obeyed on B's next request", async () => {
      assertEquals((await get(b, "/api/v1/patients", nurse)).status, 200);
      const heard = await accessChangeHeard(b.deps.events, (c) => c?.clinicId !== undefined);
      const save = await a.json("PUT", "/api/v1/role-templates/nurse", {
        permissions: ["appointments.view"],
      }, { jar: owner.jar });
      assertEquals(save.status, 200, await save.clone().text());
      await heard();
      assertEquals((await get(b, "/api/v1/patients", nurse)).status, 403);

      const restored = await accessChangeHeard(b.deps.events, (c) => c?.clinicId !== undefined);
      const reset = await a.json("DELETE", "/api/v1/role-templates/nurse", undefined, {
        jar: owner.jar,
      });
      assertEquals(reset.status, 200, await reset.clone().text());
      await restored();
      assertEquals((await get(b, "/api/v1/patients", nurse)).status, 200);
    });

    await t.step("a module a superadmin switches off on A is closed on B at once", async () => {
      const admin = await a.login(SUPERADMIN);
      const clinicId = claimsOf((await a.login(OWNER)).body.accessToken).cid!;
      assertEquals((await get(b, "/api/v1/bridge/devices", owner.jar)).status, 401, "B's own KV");
      const ownerOnB = (await b.login(OWNER)).jar;
      assertEquals((await get(b, "/api/v1/bridge/devices", ownerOnB)).status, 200);
      const heard = await accessChangeHeard(b.deps.events, (c) => c?.clinicId === clinicId);
      const off = await a.json("PUT", `/api/v1/admin/clinics/${clinicId}/modules/bridge`, {
        enabled: false,
      }, { jar: admin.jar });
      assertEquals(off.status, 200, await off.clone().text());
      await heard();
      const refused = await get(b, "/api/v1/bridge/devices", ownerOnB);
      assertEquals(refused.status, 403);
      assertEquals((await refused.json()).code, "MODULE_DISABLED");

      const back = await accessChangeHeard(b.deps.events, (c) => c?.clinicId === clinicId);
      const reset = await a.json(
        "DELETE",
        `/api/v1/admin/clinics/${clinicId}/modules/bridge`,
        undefined,
        {
          jar: admin.jar,
        },
      );
      assertEquals(reset.status, 200, await reset.clone().text());
      await back();
      assertEquals((await get(b, "/api/v1/bridge/devices", ownerOnB)).status, 200);
    });

    await t.step("a member deactivated on A is signed out on B's next request", async () => {
      assertEquals((await get(b, "/api/v1/me", nurse)).status, 200);
      const heard = await heardOnB();
      const off = await a.json("PATCH", `/api/v1/staff/${nurseMemberId}/status`, {
        status: "deactivated",
      }, { jar: owner.jar });
      assertEquals(off.status, 200);
      await heard();
      const refused = await get(b, "/api/v1/me", nurse);
      assertEquals(refused.status, 401);
      assertEquals((await refused.json()).code, "SESSION_REVOKED");
      assertEquals((await get(b, "/api/v1/me", nurse)).status, 401, "the session is gone");

      const back = await heardOnB();
      const on = await a.json("PATCH", `/api/v1/staff/${nurseMemberId}/status`, {
        status: "active",
      }, { jar: owner.jar });
      assertEquals(on.status, 200);
      await back();
      nurse = (await b.login(NURSE)).jar;
      assertEquals((await get(b, "/api/v1/me", nurse)).status, 200);
    });

    await t.step("signing out stays immediate with a warm cache", async () => {
      assertEquals((await get(b, "/api/v1/me", nurse)).status, 200);
      const cookie = nurse.header();
      const out = await b.json("POST", "/api/v1/auth/logout", undefined, { jar: nurse });
      assert(out.status < 300, `logout answered ${out.status}`);
      const after = await b.request("/api/v1/me", { headers: { cookie } });
      assertEquals(after.status, 401);
      assertEquals((await after.json()).code, "SESSION_REVOKED");
    });
  } finally {
    await a.close();
    await b.close();
  }
});

testOnEachDatabase("principal cache of the instance that made a change", async (t, database) => {
  const app = await startTestApp(database);
  // A hub that never hands anything on: only the writing request itself can tell the cache.
  app.deps.principals = new PrincipalCache(database.db, {
    changes: { watchAccessChanges: () => Promise.resolve({ close() {} }) },
  });
  try {
    const owner = await app.login(OWNER);
    const nurse = (await app.login(NURSE)).jar;
    const nurseMemberId = await memberIdOf(app, owner.jar, NURSE);
    const get = (path: string) => app.json("GET", path, undefined, { jar: nurse });

    await t.step("obeys it on the next request, without waiting for the bus", async () => {
      assertEquals((await get("/api/v1/patients")).status, 200);
      assertEquals((await countStatements(database, () => get("/api/v1/me"))).statements, []);
      const revoke = await app.json("PUT", `/api/v1/staff/${nurseMemberId}/permissions`, {
        permissions: ["appointments.view"],
      }, { jar: owner.jar });
      assertEquals(revoke.status, 200);
      assertEquals((await get("/api/v1/patients")).status, 403);
      const reset = await app.json(
        "DELETE",
        `/api/v1/staff/${nurseMemberId}/permissions`,
        undefined,
        { jar: owner.jar },
      );
      assertEquals(reset.status, 200);
      assertEquals((await get("/api/v1/patients")).status, 200);
    });
  } finally {
    await app.close();
  }
});
