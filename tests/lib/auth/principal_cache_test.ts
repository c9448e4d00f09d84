/**
 * The principal cache on PGlite and Postgres: what it keeps, for how long,
 * and that every write a principal's access depends on reaches it through
 * the event bus the moment the write commits.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals } from "../../support/assert.ts";
import { testConfig, testOnEachDatabase } from "../../support/test-app.ts";
import { countStatements } from "../../support/statements.ts";
import { accessChangeHeard } from "../../support/access-changes.ts";
import type { Database, Db } from "../../../lib/db/client.ts";
import { clinicMembers, clinics, users } from "../../../lib/db/schema.ts";
import { EventHub } from "../../../lib/events/hub.ts";
import type { AccessChange } from "../../../lib/events/publish.ts";
import { PrincipalCache, type PrincipalFacts } from "../../../lib/auth/principal-cache.ts";
import { AuthService } from "../../../lib/auth/auth-service.ts";
import { changeRole, setMemberPermissions, setStatus } from "../../../lib/staff/members.ts";
import { resetTemplate, saveTemplate } from "../../../lib/permissions/templates.ts";
import { assignPlan } from "../../../lib/admin/clinic-plans.ts";
import { setModule } from "../../../lib/admin/clinic-modules.ts";
import { acceptInvitation, inviteMember } from "../../../lib/staff/invitations.ts";

async function clinicIdOf(db: Db, slug: string): Promise<string> {
  return (await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug)))[0].id;
}

async function memberOf(db: Db, email: string) {
  const [row] = await db
    .select({ id: clinicMembers.id, userId: users.id, clinicId: clinicMembers.clinicId })
    .from(clinicMembers).innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(eq(users.email, email));
  return row;
}

/** A cache over `database` and a hub of its own, as one instance has. */
async function instance(
  database: Database,
  options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
) {
  const hub = new EventHub(database);
  const cache = new PrincipalCache(database.db, { changes: hub, ...options });
  assert(await cache.ready(), "the cache listens");
  return { hub, cache, close: () => hub.close() };
}

async function statementsOf(database: Database, fn: () => Promise<unknown>): Promise<number> {
  return (await countStatements(database, fn)).statements.length;
}

testOnEachDatabase("principal cache", async (t, database) => {
  const { db } = database;
  const demo = await clinicIdOf(db, "demo-dental");
  const second = await clinicIdOf(db, "second-smile");
  const owner = await memberOf(db, "owner@demo-dental.test");
  const nurse = await memberOf(db, "nurse@demo-dental.test");

  await t.step("reads a principal in one statement, then from memory", async () => {
    const { cache, close } = await instance(database);
    try {
      let first: PrincipalFacts | null = null;
      assertEquals(
        await statementsOf(database, async () => {
          first = await cache.load(nurse.userId, demo);
        }),
        1,
      );
      assertEquals(first!.membership?.role, "nurse");
      assertEquals(first!.access?.source, "plan");
      assert(first!.access?.permissions.has("patients.view"));
      let again: PrincipalFacts | null = null;
      assertEquals(
        await statementsOf(database, async () => {
          again = await cache.load(nurse.userId, demo);
        }),
        0,
      );
      assert(again === first, "the same facts");
    } finally {
      await close();
    }
  });

  await t.step("an entry is served for the TTL at most", async () => {
    let clock = 1_000_000;
    const { cache, close } = await instance(database, { ttlMs: 30_000, now: () => clock });
    try {
      await cache.load(nurse.userId, demo);
      clock += 29_999;
      assertEquals(await statementsOf(database, () => cache.load(nurse.userId, demo)), 0);
      clock += 2;
      assertEquals(await statementsOf(database, () => cache.load(nurse.userId, demo)), 1);
    } finally {
      await close();
    }
  });

  await t.step("holds at most maxEntries principals, dropping the oldest", async () => {
    const { cache, close } = await instance(database, { maxEntries: 1 });
    try {
      await cache.load(nurse.userId, demo);
      await cache.load(owner.userId, demo);
      assertEquals(cache.size, 1);
      assertEquals(await statementsOf(database, () => cache.load(owner.userId, demo)), 0);
      assertEquals(await statementsOf(database, () => cache.load(nurse.userId, demo)), 1);
    } finally {
      await close();
    }
  });

  await t.step("keeps no one who is not an active member of the session's clinic", async () => {
    const { cache, close } = await instance(database);
    try {
      const facts = await cache.load(nurse.userId, second);
      assertEquals(facts?.membership, null);
      assertEquals(facts?.access, null);
      assertEquals(await statementsOf(database, () => cache.load(nurse.userId, second)), 1);
      assertEquals(await cache.load(crypto.randomUUID(), demo), null);
      assertEquals(cache.size, 0);
    } finally {
      await close();
    }
  });

  await t.step("a load that overlapped a change is answered but not kept", async () => {
    const { cache, close } = await instance(database);
    try {
      const loading = cache.load(nurse.userId, demo);
      cache.forget({ userId: nurse.userId, clinicId: demo });
      assertEquals((await loading)?.membership?.role, "nurse");
      assertEquals(await statementsOf(database, () => cache.load(nurse.userId, demo)), 1);
      assertEquals(await statementsOf(database, () => cache.load(nurse.userId, demo)), 0);
    } finally {
      await close();
    }
  });

  await t.step("a change drops only the principals it concerns", async () => {
    const { cache, close } = await instance(database);
    try {
      const warm = () =>
        Promise.all([cache.load(nurse.userId, demo), cache.load(owner.userId, demo)]);
      const cases: [AccessChange | null, number][] = [
        [{ userId: nurse.userId, clinicId: second }, 0],
        [{ userId: nurse.userId, clinicId: demo }, 1],
        [{ userId: nurse.userId }, 1],
        [{ clinicId: second }, 0],
        [{ clinicId: demo }, 2],
        [null, 2],
      ];
      for (const [change, reloaded] of cases) {
        await warm();
        cache.forget(change);
        assertEquals(await statementsOf(database, warm), reloaded, JSON.stringify(change));
      }
    } finally {
      await close();
    }
  });

  await t.step("keeps nothing until its hub listens, and no request waits for it", async () => {
    const cache = new PrincipalCache(db, {
      changes: { watchAccessChanges: () => new Promise(() => {}) },
    });
    assertEquals(await statementsOf(database, () => cache.load(nurse.userId, demo)), 1);
    assertEquals(await statementsOf(database, () => cache.load(nurse.userId, demo)), 1);
    assertEquals(cache.size, 0);
  });

  await t.step(
    "every write a principal's access depends on reaches every instance's cache when it commits",
    async () => {
      const instances = [await instance(database), await instance(database)];
      const config = testConfig();
      const kv = await Deno.openKv(":memory:");
      const auth = new AuthService(db, kv, config);
      const actorId = owner.userId;
      const nurseFacts = (at: number) => instances[at].cache.load(nurse.userId, demo);
      /** Warms both caches, runs the write, waits until both hubs heard it, returns both reloads. */
      const afterWrite = async (write: () => Promise<unknown>) => {
        await Promise.all([nurseFacts(0), nurseFacts(1)]);
        const heard = await Promise.all(instances.map((i) => accessChangeHeard(i.hub)));
        await write();
        for (const wait of heard) await wait();
        return await Promise.all([nurseFacts(0), nurseFacts(1)]);
      };
      const expectBoth = (
        facts: (PrincipalFacts | null)[],
        check: (f: PrincipalFacts | null) => boolean,
        what: string,
      ) => facts.forEach((f, i) => assert(check(f), `instance ${i}: ${what}`));
      try {
        const memberId = nurse.id;
        const clinicId = demo;
        expectBoth(
          await afterWrite(() =>
            changeRole(db, { clinicId, memberId, role: "reception", actorId })
          ),
          (f) => f?.membership?.role === "reception",
          "role changed",
        );
        await changeRole(db, { clinicId, memberId, role: "nurse", actorId });

        expectBoth(
          await afterWrite(() =>
            setMemberPermissions(db, { clinicId, memberId, permissions: ["staff.view"], actorId })
          ),
          (f) => f?.access?.source === "override" && !f.access.permissions.has("patients.view"),
          "override saved",
        );
        expectBoth(
          await afterWrite(() =>
            setMemberPermissions(db, { clinicId, memberId, permissions: null, actorId })
          ),
          (f) => f?.access?.source === "plan" && f.access.permissions.has("patients.view"),
          "override reset",
        );

        expectBoth(
          await afterWrite(() =>
            saveTemplate(db, { clinicId, role: "nurse", permissions: ["staff.view"], actorId })
          ),
          (f) => f?.access?.source === "template" && !f.access.permissions.has("patients.view"),
          "template saved",
        );
        expectBoth(
          await afterWrite(() => resetTemplate(db, { clinicId, role: "nurse", actorId })),
          (f) => f?.access?.source === "plan" && f.access.permissions.has("patients.view"),
          "template reset",
        );

        expectBoth(
          await afterWrite(() =>
            setModule(db, { clinicId, moduleKey: "lab", enabled: false, actorId })
          ),
          (f) => !f?.access?.modules.has("lab") && !f?.access?.permissions.has("lab.cases.view"),
          "module switched off",
        );
        expectBoth(
          await afterWrite(() =>
            setModule(db, { clinicId, moduleKey: "lab", enabled: null, actorId })
          ),
          (f) => Boolean(f?.access?.modules.has("lab")),
          "module back to the plan",
        );

        expectBoth(
          await afterWrite(() =>
            assignPlan(db, { clinicId, planId: "free", resetTemplates: false, actorId })
          ),
          (f) => f?.membership?.planId === "free" && !f.access?.modules.has("lab"),
          "plan changed",
        );
        await assignPlan(db, { clinicId, planId: "pro", resetTemplates: false, actorId });

        expectBoth(
          await afterWrite(() =>
            setStatus(db, { clinicId, memberId, status: "deactivated", actorId })
          ),
          (f) => f?.membership === null && f.access === null,
          "member deactivated",
        );
        expectBoth(
          await afterWrite(async () => {
            const { token } = await inviteMember(db, {
              clinicId,
              email: "nurse@demo-dental.test",
              role: "nurse",
              actorId,
            });
            await acceptInvitation(db, { token, password: "demo-password" });
          }),
          (f) => f?.membership?.role === "nurse",
          "member back through an invitation",
        );
        await setStatus(db, { clinicId, memberId, status: "deactivated", actorId });
        expectBoth(
          await afterWrite(() => setStatus(db, { clinicId, memberId, status: "active", actorId })),
          (f) => f?.membership?.role === "nurse",
          "member reactivated",
        );

        const before = (await nurseFacts(0))?.account.lastLoginAt?.getTime() ?? 0;
        expectBoth(
          await afterWrite(() =>
            auth.login(
              { email: "nurse@demo-dental.test", password: "demo-password" },
              { ip: "203.0.113.9", userAgent: "test" },
              new Date(before + 60_000),
            )
          ),
          (f) => f?.account.lastLoginAt?.getTime() === before + 60_000,
          "last sign-in updated",
        );
      } finally {
        await db.update(clinicMembers).set({ role: "nurse", status: "active" })
          .where(eq(clinicMembers.id, nurse.id));
        for (const i of instances) await i.close();
        kv.close();
      }
    },
  );
});
