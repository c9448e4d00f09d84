import { and, desc, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { changeAccess } from "../../../support/access-changes.ts";
import type { Db } from "../../../../lib/db/client.ts";
import { activityLog, clinicModules, clinics, roleTemplates } from "../../../../lib/db/schema.ts";
import { planDefaultPermissions } from "../../../../lib/permissions/role-defaults.ts";

const DEMO = {
  owner: "owner@demo-dental.test",
  doctor: "doctor@demo-dental.test",
  nurse: "nurse@demo-dental.test",
  reception: "reception@demo-dental.test",
};
const OTHER_OWNER = "owner@second-smile.test";
const MODULE_OFF = "Module 'lab' is not enabled for this clinic";

const LAB_DEFAULTS = {
  defaultTurnaroundDays: 7,
  requireShadeOnCrowns: true,
  labInstructionsFooter: "",
};
const NOTIFICATION_DEFAULTS = {
  appointmentBookedEmail: true,
  appointmentCancelledInApp: true,
  labCaseUpdatesInApp: true,
  endOfDayEmail: true,
  lowStockEmail: true,
  reminderLeadHours: 24,
};

async function clinicId(db: Db, slug: string): Promise<string> {
  const [row] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return row.id;
}

async function get(app: TestApp, path: string, email: string) {
  const { jar } = await app.login(email);
  const res = await app.request(path, { jar });
  return { status: res.status, body: await res.json() };
}

testOnEachDatabase("settings API", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demoId = await clinicId(db, "demo-dental");

  await step("every settings route needs a session", async (app) => {
    for (const path of ["/api/v1/settings/lab", "/api/v1/settings/notifications"]) {
      const read = await app.request(path);
      assertEquals(read.status, 401, path);
      assertEquals((await read.json()).code, "UNAUTHENTICATED");
      const write = await app.json("PUT", path, {});
      assertEquals(write.status, 401, path);
      await write.body?.cancel();
    }
  });

  await step("a clinic that never saved a section reads its defaults", async (app) => {
    const lab = await get(app, "/api/v1/settings/lab", DEMO.owner);
    assertEquals(lab.status, 200);
    assertEquals(lab.body.values, LAB_DEFAULTS);
    assertEquals(lab.body.updatedAt, null);
    assertEquals(lab.body.canEdit, true);
    const notifications = await get(app, "/api/v1/settings/notifications", DEMO.owner);
    assertEquals(notifications.body.values, NOTIFICATION_DEFAULTS);
  });

  await step(
    "the owner changes lab settings, and the change is kept and logged",
    async (app) => {
      const { jar, body: login } = await app.login(DEMO.owner);
      const values = {
        defaultTurnaroundDays: 10,
        requireShadeOnCrowns: false,
        labInstructionsFooter: "  Call the clinic before remaking any case.  ",
      };
      const res = await app.json("PUT", "/api/v1/settings/lab", values, { jar });
      assertEquals(res.status, 200);
      const saved = await res.json();
      assertEquals(saved.values, {
        ...values,
        labInstructionsFooter: "Call the clinic before remaking any case.",
      });
      assert(saved.updatedAt, "updatedAt set once saved");

      const again = await (await app.request("/api/v1/settings/lab", { jar })).json();
      assertEquals(again.values, saved.values);

      const [entry] = await db.select().from(activityLog)
        .where(
          and(eq(activityLog.clinicId, demoId), eq(activityLog.action, "settings.updated")),
        )
        .orderBy(desc(activityLog.id)).limit(1);
      assertEquals(entry.actorUserId, login.user.id);
      assertEquals(entry.details, {
        section: "lab",
        changed: ["defaultTurnaroundDays", "requireShadeOnCrowns", "labInstructionsFooter"],
      });
    },
  );

  await step("a clinic's settings never reach another clinic", async (app) => {
    const { jar } = await app.login(DEMO.owner);
    const off = { ...NOTIFICATION_DEFAULTS, endOfDayEmail: false, lowStockEmail: false };
    const put = await app.json("PUT", "/api/v1/settings/notifications", off, { jar });
    assertEquals(put.status, 200);
    await put.body?.cancel();

    const other = await get(app, "/api/v1/settings/notifications", OTHER_OWNER);
    assertEquals(other.status, 200);
    assertEquals(other.body.values, NOTIFICATION_DEFAULTS);

    const { jar: otherJar } = await app.login(OTHER_OWNER);
    const theirs = { ...NOTIFICATION_DEFAULTS, appointmentBookedEmail: false };
    const otherPut = await app.json("PUT", "/api/v1/settings/notifications", theirs, {
      jar: otherJar,
    });
    assertEquals(otherPut.status, 200);
    await otherPut.body?.cancel();
    const mine = await (await app.request("/api/v1/settings/notifications", { jar })).json();
    assertEquals(mine.values, off, "Second Smile's save left Demo Dental's alone");
  });

  await step("reception can read lab settings but not change them", async (app) => {
    const { jar } = await app.login(DEMO.reception);
    const read = await app.request("/api/v1/settings/lab", { jar });
    assertEquals(read.status, 200);
    const body = await read.json();
    assertEquals(body.values.defaultTurnaroundDays, 10);
    assertEquals(body.canEdit, false);

    const write = await app.json("PUT", "/api/v1/settings/lab", LAB_DEFAULTS, { jar });
    assertEquals(write.status, 403);
    const refusal = await write.json();
    assertEquals(refusal.code, "FORBIDDEN");
    assertEquals(refusal.permission, "settings.lab.edit");
    const after = await (await app.request("/api/v1/settings/lab", { jar })).json();
    assertEquals(after.values.defaultTurnaroundDays, 10, "nothing changed");
  });

  await step(
    "reception edits notification preferences only once the clinic grants it",
    async (app) => {
      const { jar } = await app.login(DEMO.reception);
      const values = { ...NOTIFICATION_DEFAULTS, appointmentBookedEmail: false };
      const refused = await app.json("PUT", "/api/v1/settings/notifications", values, { jar });
      assertEquals(refused.status, 403);
      const refusal = await refused.json();
      assertEquals(refusal.code, "FORBIDDEN");
      assertEquals(refusal.permission, "settings.notifications.edit");

      // Stands in for the owner's edit in Settings → Permission Templates.
      await changeAccess(app, { clinicId: demoId }, (tx) =>
        tx.insert(roleTemplates).values({
          clinicId: demoId,
          role: "reception",
          permissions: [
            ...planDefaultPermissions("pro", "reception"),
            "settings.notifications.edit",
          ],
        }));
      try {
        const read = await (await app.request("/api/v1/settings/notifications", { jar }))
          .json();
        assertEquals(read.canEdit, true);
        const allowed = await app.json("PUT", "/api/v1/settings/notifications", values, {
          jar,
        });
        assertEquals(allowed.status, 200);
        assertEquals((await allowed.json()).values.appointmentBookedEmail, false);
      } finally {
        await changeAccess(app, { clinicId: demoId }, (tx) =>
          tx.delete(roleTemplates).where(
            and(eq(roleTemplates.clinicId, demoId), eq(roleTemplates.role, "reception")),
          ));
      }
      const revoked = await app.json("PUT", "/api/v1/settings/notifications", values, { jar });
      assertEquals(revoked.status, 403, "back to the plan's baseline");
      await revoked.body?.cancel();
    },
  );

  await step("malformed bodies are refused with 400 or 415", async (app) => {
    const { jar } = await app.login(DEMO.owner);
    const put = (path: string, body: unknown, headers?: HeadersInit) =>
      app.json("PUT", `/api/v1/settings/${path}`, body, { jar, headers });

    const asText = await put("lab", JSON.stringify(LAB_DEFAULTS), {
      "content-type": "text/plain",
    });
    assertEquals(asText.status, 415);
    await asText.body?.cancel();
    const broken = await put("lab", "{not json");
    assertEquals(broken.status, 400);
    await broken.body?.cancel();

    const cases: [string, unknown, string][] = [
      ["lab", { ...LAB_DEFAULTS, defaultTurnaroundDays: 0 }, "defaultTurnaroundDays"],
      ["lab", { ...LAB_DEFAULTS, defaultTurnaroundDays: 61 }, "defaultTurnaroundDays"],
      ["lab", { ...LAB_DEFAULTS, defaultTurnaroundDays: 2.5 }, "defaultTurnaroundDays"],
      ["lab", { ...LAB_DEFAULTS, labInstructionsFooter: "x".repeat(501) }, "labInstructions"],
      ["lab", { defaultTurnaroundDays: 7 }, "requireShadeOnCrowns"],
      ["lab", { ...LAB_DEFAULTS, colour: "A2" }, "colour"],
      ["notifications", { ...NOTIFICATION_DEFAULTS, endOfDayEmail: "yes" }, "endOfDayEmail"],
      ["notifications", { ...NOTIFICATION_DEFAULTS, reminderLeadHours: 0 }, "reminderLeadHours"],
      ["notifications", { ...NOTIFICATION_DEFAULTS, reminderLeadHours: 169 }, "reminderLead"],
    ];
    for (const [section, body, field] of cases) {
      const res = await put(section, body);
      assertEquals(res.status, 400, JSON.stringify(body).slice(0, 80));
      const error = await res.json();
      assertEquals(error.code, "VALIDATION_FAILED");
      assertMatch(error.error, new RegExp(field));
    }
    const lab = await (await app.request("/api/v1/settings/lab", { jar })).json();
    assertEquals(lab.values.defaultTurnaroundDays, 10, "no bad body changed anything");
  });

  await step("a clinic without the lab module has no lab settings", async (app) => {
    const { jar } = await app.login(OTHER_OWNER);
    for (const method of ["GET", "PUT"]) {
      const res = await app.json(
        method,
        "/api/v1/settings/lab",
        method === "PUT" ? LAB_DEFAULTS : undefined,
        { jar },
      );
      assertEquals(res.status, 403, method);
      const body = await res.json();
      assertEquals(body.error, MODULE_OFF);
      assertEquals(body.module, "lab");
    }
  });

  await step(
    "when the superadmin switches lab off, lab settings and navigation go for every role",
    async (app) => {
      const owner = await app.login(DEMO.owner);
      const before = await (await app.request("/dashboard", { jar: owner.jar })).text();
      assertMatch(before, /Lab cases/);
      const hubBefore = await (await app.request("/settings", { jar: owner.jar })).text();
      assertMatch(hubBefore, /href="\/settings\/lab"/);

      const admin = await app.login("superadmin@odontox.test");
      const off = await app.json(
        "PUT",
        `/api/v1/admin/clinics/${demoId}/modules/lab`,
        { enabled: false },
        { jar: admin.jar },
      );
      assertEquals(off.status, 200);
      await off.body?.cancel();
      try {
        for (const email of Object.values(DEMO)) {
          const { status, body } = await get(app, "/api/v1/settings/lab", email);
          assertEquals(status, 403, email);
          assertEquals(body.error, MODULE_OFF, email);
        }
        const put = await app.json("PUT", "/api/v1/settings/lab", LAB_DEFAULTS, {
          jar: owner.jar,
        });
        assertEquals(put.status, 403);
        await put.body?.cancel();
        const hub = await (await app.request("/settings", { jar: owner.jar })).text();
        assert(!hub.includes('href="/settings/lab"'), "no Lab card on the hub");
        assert(!hub.includes("Lab settings"), "no Lab card on the hub");
        assertMatch(hub, /Notification preferences/);
        const dashboard = await (await app.request("/dashboard", { jar: owner.jar })).text();
        assert(!dashboard.includes("Lab cases"), "the Lab cases entry left the navigation");
      } finally {
        await db.delete(clinicModules).where(
          and(eq(clinicModules.clinicId, demoId), eq(clinicModules.moduleKey, "lab")),
        );
      }
      const back = await get(app, "/api/v1/settings/lab", DEMO.owner);
      assertEquals(back.status, 200, "following the plan again brings it back");
    },
  );

  await step("a superadmin outside any clinic has no clinic settings", async (app) => {
    const { status, body } = await get(
      app,
      "/api/v1/settings/notifications",
      "superadmin@odontox.test",
    );
    assertEquals(status, 403);
    assertEquals(body.code, "FORBIDDEN");
  });
});
