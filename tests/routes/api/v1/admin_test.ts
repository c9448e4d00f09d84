import { and, desc, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import type { Db } from "../../../../lib/db/client.ts";
import {
  activityLog,
  clinicMembers,
  clinicModules,
  clinics,
  roleTemplates,
  users,
} from "../../../../lib/db/schema.ts";
import { planDefaultPermissions } from "../../../../lib/permissions/role-defaults.ts";
import { loadOverviewFigures } from "../../../../lib/admin/overview-figures.ts";

const SUPERADMIN = "superadmin@odontox.test";
const OWNER = "owner@demo-dental.test";
const DOCTOR = "doctor@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";
const MISSING = "00000000-0000-4000-8000-000000000000";

async function clinicId(db: Db, slug: string): Promise<string> {
  const [row] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return row.id;
}

async function me(app: TestApp, jar: CookieJar) {
  return await (await app.request("/api/v1/me", { jar })).json() as {
    planId: string;
    permissions: string[];
    modules: string[];
  };
}

async function lastLog(db: Db, clinic: string, action: string) {
  const [entry] = await db.select().from(activityLog)
    .where(and(eq(activityLog.clinicId, clinic), eq(activityLog.action, action)))
    .orderBy(desc(activityLog.id)).limit(1);
  return entry;
}

testOnEachDatabase("admin API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demoId = await clinicId(db, "demo-dental");
  const smileId = await clinicId(db, "second-smile");

  /** Puts Demo Dental back on Pro with no saved templates, whatever a step did. */
  async function restoreDemo() {
    await db.update(clinics).set({ planId: "pro" }).where(eq(clinics.id, demoId));
    await db.delete(roleTemplates).where(eq(roleTemplates.clinicId, demoId));
  }

  const routes: [string, string, unknown?][] = [
    ["GET", "/api/v1/admin/clinics"],
    ["GET", `/api/v1/admin/clinics/${demoId}`],
    ["PUT", `/api/v1/admin/clinics/${demoId}/plan`, { planId: "free" }],
    ["PUT", `/api/v1/admin/clinics/${demoId}/modules/lab`, { enabled: false }],
    ["DELETE", `/api/v1/admin/clinics/${demoId}/modules/lab`],
    ["PUT", `/api/v1/admin/clinics/${demoId}/test-account`, { isTestAccount: true }],
  ];

  await step("every admin route needs a session", async (app) => {
    for (const [method, path, body] of routes) {
      const res = await app.json(method, path, body);
      assertEquals(res.status, 401, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  await step("a clinic owner is refused every admin route and changes nothing", async (app) => {
    const { jar } = await app.login(OWNER);
    for (const [method, path, body] of routes) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 403, `${method} ${path}`);
      const error = await res.json();
      assertEquals(error.code, "FORBIDDEN");
      assertEquals(error.permission, "superadmin");
    }
    const [clinic] = await db.select().from(clinics).where(eq(clinics.id, demoId));
    assertEquals(clinic.planId, "pro");
    assertEquals(clinic.isTestAccount, false);
    assertEquals((await me(app, jar)).modules.includes("lab"), true);
  });

  await step("the superadmin lists every clinic with its plan and modules", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const res = await app.request("/api/v1/admin/clinics", { jar });
    assertEquals(res.status, 200);
    const body = await res.json();
    const demo = body.clinics.find((c: { slug: string }) => c.slug === "demo-dental");
    const smile = body.clinics.find((c: { slug: string }) => c.slug === "second-smile");
    assertEquals(demo.planId, "pro");
    assertEquals(demo.planName, "Pro");
    assertEquals(demo.members, 4);
    assertEquals(demo.isTestAccount, false);
    assertEquals(demo.modules, ["treatment", "lab", "inventory", "reports", "bridge", "dicom"]);
    assertEquals(smile.planId, "free");
    assertEquals(smile.modules, ["treatment"]);
    assertEquals(
      body.plans.map((p: { id: string; priceMinor: number; currency: string }) => [
        p.id,
        p.priceMinor,
        p.currency,
      ]),
      [["free", 0, "PKR"], ["pro", 750000, "PKR"], ["pro_plus", 1500000, "PKR"]],
    );
  });

  await step("a clinic's detail says where each module comes from", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const res = await app.request(`/api/v1/admin/clinics/${demoId}`, { jar });
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(body.plan.id, "pro");
    assertEquals(body.customisedRoles, []);
    const lab = body.modules.find((m: { key: string }) => m.key === "lab");
    assertEquals([lab.enabled, lab.source, lab.includedInPlan], [true, "plan", true]);
    const ai = body.modules.find((m: { key: string }) => m.key === "dicom_ai");
    assertEquals([ai.enabled, ai.source], [false, "plan"]);

    for (const id of [MISSING, "not-a-uuid"]) {
      const missing = await app.request(`/api/v1/admin/clinics/${id}`, { jar });
      assertEquals(missing.status, 404, id);
      assertEquals((await missing.json()).code, "NOT_FOUND");
    }
  });

  await step(
    "moving a clinic from Free to Pro+ gives its doctor DICOM analysis, with the note logged",
    async (app) => {
      const admin = await app.login(SUPERADMIN);
      const doctor = await app.login(DOCTOR);
      try {
        const toFree = await app.json(
          "PUT",
          `/api/v1/admin/clinics/${demoId}/plan`,
          { planId: "free" },
          { jar: admin.jar },
        );
        assertEquals(toFree.status, 200);
        await toFree.body?.cancel();
        const onFree = await me(app, doctor.jar);
        assertEquals(onFree.planId, "free");
        assert(!onFree.permissions.includes("radiology.dicom.analyze"));
        assert(!onFree.permissions.includes("lab.cases.view"), "Free has no lab module");

        const res = await app.json("PUT", `/api/v1/admin/clinics/${demoId}/plan`, {
          planId: "pro_plus",
          note: "Annual upgrade agreed by phone",
        }, { jar: admin.jar });
        assertEquals(res.status, 200);
        const body = await res.json();
        assertEquals([body.from, body.to, body.resetRoles], ["free", "pro_plus", []]);
        assertEquals(body.plan.id, "pro_plus");

        const onProPlus = await me(app, doctor.jar);
        assertEquals(onProPlus.planId, "pro_plus");
        assert(onProPlus.permissions.includes("radiology.dicom.analyze"));
        assert(onProPlus.modules.includes("dicom_ai"));

        const entry = await lastLog(db, demoId, "platform.plan_assigned");
        assertEquals(entry.actorUserId, admin.body.user.id);
        assertEquals(entry.details, {
          from: "free",
          to: "pro_plus",
          note: "Annual upgrade agreed by phone",
          resetTemplates: false,
          resetRoles: [],
        });
      } finally {
        await restoreDemo();
      }
    },
  );

  await step(
    "a customised doctor template survives a plan change unless it is reset",
    async (app) => {
      const admin = await app.login(SUPERADMIN);
      const doctor = await app.login(DOCTOR);
      await db.insert(roleTemplates).values({
        clinicId: demoId,
        role: "doctor",
        permissions: planDefaultPermissions("pro", "doctor"),
      });
      // Another clinic's template must never be touched by this clinic's reset.
      await db.insert(roleTemplates).values({
        clinicId: smileId,
        role: "doctor",
        permissions: ["appointments.view"],
      });
      try {
        const detail = await (await app.request(`/api/v1/admin/clinics/${demoId}`, {
          jar: admin.jar,
        })).json();
        assertEquals(detail.customisedRoles, ["doctor"]);

        const kept = await app.json("PUT", `/api/v1/admin/clinics/${demoId}/plan`, {
          planId: "pro_plus",
        }, { jar: admin.jar });
        assertEquals(kept.status, 200);
        assertEquals((await kept.json()).customisedRoles, ["doctor"]);
        const customised = await me(app, doctor.jar);
        assertEquals(customised.planId, "pro_plus");
        assert(
          !customised.permissions.includes("radiology.dicom.analyze"),
          "the saved template still decides",
        );

        const reset = await app.json("PUT", `/api/v1/admin/clinics/${demoId}/plan`, {
          planId: "pro_plus",
          resetTemplates: true,
          note: "Reset to Pro+ defaults",
        }, { jar: admin.jar });
        assertEquals(reset.status, 200);
        const body = await reset.json();
        assertEquals(body.resetRoles, ["doctor"]);
        assertEquals(body.customisedRoles, []);
        assert((await me(app, doctor.jar)).permissions.includes("radiology.dicom.analyze"));

        const entry = await lastLog(db, demoId, "platform.plan_assigned");
        assertEquals(entry.details.resetTemplates, true);
        assertEquals(entry.details.note, "Reset to Pro+ defaults");
        const smileTemplates = await db.select().from(roleTemplates)
          .where(eq(roleTemplates.clinicId, smileId));
        assertEquals(smileTemplates.length, 1, "Second Smile's template is untouched");
      } finally {
        await restoreDemo();
        await db.delete(roleTemplates).where(eq(roleTemplates.clinicId, smileId));
      }
    },
  );

  await step("bad plan requests are refused and change nothing", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const put = (body: unknown, id = demoId, headers?: HeadersInit) =>
      app.json("PUT", `/api/v1/admin/clinics/${id}/plan`, body, { jar, headers });

    const unknown = await put({ planId: "enterprise" });
    assertEquals(unknown.status, 400);
    assertMatch((await unknown.json()).error, /Unknown plan "enterprise"/);
    for (
      const body of [{}, { planId: "pro", resetTemplates: "yes" }, { planId: "pro", x: 1 }]
    ) {
      const res = await put(body);
      assertEquals(res.status, 400, JSON.stringify(body));
      assertEquals((await res.json()).code, "VALIDATION_FAILED");
    }
    const text = await put('{"planId":"free"}', demoId, { "content-type": "text/plain" });
    assertEquals(text.status, 415);
    await text.body?.cancel();
    const missing = await put({ planId: "free" }, MISSING);
    assertEquals(missing.status, 404);
    await missing.body?.cancel();

    const [clinic] = await db.select().from(clinics).where(eq(clinics.id, demoId));
    assertEquals(clinic.planId, "pro");
  });

  await step(
    "a superadmin switches WhatsApp on for one clinic, and back to its plan",
    async (app) => {
      const admin = await app.login(SUPERADMIN);
      const owner = await app.login(OTHER_OWNER);
      const path = `/api/v1/admin/clinics/${smileId}/modules/whatsapp_api`;
      try {
        const on = await app.json("PUT", path, { enabled: true }, { jar: admin.jar });
        assertEquals(on.status, 200);
        const body = await on.json();
        const whatsapp = body.modules.find((m: { key: string }) => m.key === "whatsapp_api");
        assertEquals([whatsapp.enabled, whatsapp.source], [true, "override"]);
        assert((await me(app, owner.jar)).modules.includes("whatsapp_api"));
        assert(!(await me(app, (await app.login(OWNER)).jar)).modules.includes("whatsapp_api"));
        const entry = await lastLog(db, smileId, "platform.module_set");
        assertEquals(entry.details, { module: "whatsapp_api", enabled: true });

        const follow = await app.json("DELETE", path, undefined, { jar: admin.jar });
        assertEquals(follow.status, 200);
        await follow.body?.cancel();
        assert(!(await me(app, owner.jar)).modules.includes("whatsapp_api"));
      } finally {
        await db.delete(clinicModules).where(eq(clinicModules.clinicId, smileId));
      }
    },
  );

  await step("bad module requests are refused", async (app) => {
    const { jar } = await app.login(SUPERADMIN);
    const unknown = await app.json(
      "PUT",
      `/api/v1/admin/clinics/${demoId}/modules/teleportation`,
      { enabled: true },
      { jar },
    );
    assertEquals(unknown.status, 400);
    assertMatch((await unknown.json()).error, /Unknown module "teleportation"/);
    const missing = await app.json(
      "PUT",
      `/api/v1/admin/clinics/${MISSING}/modules/lab`,
      { enabled: true },
      { jar },
    );
    assertEquals(missing.status, 404);
    await missing.body?.cancel();
    for (const body of [{ enabled: "off" }, {}, { enabled: true, until: "2027" }]) {
      const res = await app.json("PUT", `/api/v1/admin/clinics/${demoId}/modules/lab`, body, {
        jar,
      });
      assertEquals(res.status, 400, JSON.stringify(body));
      await res.body?.cancel();
    }
    const rows = await db.select().from(clinicModules).where(
      eq(clinicModules.clinicId, demoId),
    );
    assertEquals(rows, []);
  });

  await step(
    "tagging a clinic as a test account takes it out of the platform's counts",
    async (app) => {
      const { jar } = await app.login(SUPERADMIN);
      // Second Smile is on a trial; tagged, it leaves the overview's trial count.
      const onTrial = async () =>
        (await loadOverviewFigures(db, { now: new Date(), trialDays: 14 })).counts.trial;
      const before = await onTrial();
      try {
        const res = await app.json(
          "PUT",
          `/api/v1/admin/clinics/${smileId}/test-account`,
          { isTestAccount: true },
          { jar },
        );
        assertEquals(res.status, 200);
        assertEquals((await res.json()).clinic.isTestAccount, true);
        assertEquals(await onTrial(), before - 1);
        const list = await (await app.request("/api/v1/admin/clinics", { jar })).json();
        const smile = list.clinics.find((c: { id: string }) => c.id === smileId);
        assertEquals(smile.isTestAccount, true);

        const bad = await app.json(
          "PUT",
          `/api/v1/admin/clinics/${smileId}/test-account`,
          { isTestAccount: "yes" },
          { jar },
        );
        assertEquals(bad.status, 400);
        await bad.body?.cancel();
        const missing = await app.json(
          "PUT",
          `/api/v1/admin/clinics/${MISSING}/test-account`,
          { isTestAccount: true },
          { jar },
        );
        assertEquals(missing.status, 404);
        await missing.body?.cancel();
      } finally {
        await db.update(clinics).set({ isTestAccount: false }).where(eq(clinics.id, smileId));
      }
    },
  );

  await step(
    "the superadmin overrides one member's permissions, and can remove it",
    async (app) => {
      const { jar } = await app.login(SUPERADMIN);
      const [doctor] = await db.select({ id: clinicMembers.id }).from(clinicMembers)
        .innerJoin(users, eq(users.id, clinicMembers.userId)).where(eq(users.email, DOCTOR));
      const url = `/api/v1/admin/clinics/${demoId}/members/${doctor.id}/permissions`;
      try {
        const set = await app.json("PUT", url, {
          permissions: ["patients.view", "appointments.view", "whatsapp.view"],
        }, { jar });
        assertEquals(set.status, 200);
        assertEquals((await set.json()).override, [
          "appointments.view",
          "patients.view",
          "whatsapp.view",
        ]);
        const { jar: doctorJar } = await app.login(DOCTOR);
        // WhatsApp stays out: the clinic does not have the module.
        assertEquals((await me(app, doctorJar)).permissions.sort(), [
          "appointments.view",
          "patients.view",
        ]);

        const { jar: ownerJar } = await app.login(OWNER);
        const refused = await app.json("PUT", url, { permissions: [] }, { jar: ownerJar });
        assertEquals(refused.status, 403);
        const wrongClinic = await app.json(
          "PUT",
          `/api/v1/admin/clinics/${smileId}/members/${doctor.id}/permissions`,
          { permissions: [] },
          { jar },
        );
        assertEquals(wrongClinic.status, 404, "a member is only found under their own clinic");
        const malformed = await app.json("PUT", url, { permissions: "all" }, { jar });
        assertEquals(malformed.status, 400);
        const unknown = await app.json("PUT", url, { permissions: ["root.everything"] }, { jar });
        assertEquals(unknown.status, 400);

        const cleared = await app.json("DELETE", url, undefined, { jar });
        assertEquals(cleared.status, 200);
        assertEquals((await cleared.json()).override, null);
        assert(
          (await me(app, doctorJar)).permissions.includes("clinical.notes.view"),
          "template again",
        );
      } finally {
        await db.update(clinicMembers).set({ permissionsOverride: null })
          .where(eq(clinicMembers.id, doctor.id));
      }
    },
  );

  await step(
    "pending invitations across every clinic are listed for the superadmin only",
    async (app) => {
      const { jar } = await app.login(SUPERADMIN);
      const res = await app.request("/api/v1/admin/invitations", { jar });
      assertEquals(res.status, 200);
      assert(Array.isArray((await res.json()).invitations));
      const { jar: ownerJar } = await app.login(OWNER);
      assertEquals((await app.request("/api/v1/admin/invitations", { jar: ownerJar })).status, 403);
      assertEquals((await app.request("/api/v1/admin/invitations")).status, 401);
    },
  );
});
