/**
 * For each role of the demo clinic, a representative route of every module
 * that has routes answers 200 or 403 exactly as the role's template says.
 * Later modules add their representative route to ROUTES.
 */
import { and, eq } from "drizzle-orm";
import { assertEquals } from "../../../support/assert.ts";
import { appSteps, claimsOf, testOnEachDatabase } from "../../../support/test-app.ts";
import { clinicModules, clinics, patients, roleTemplates } from "../../../../lib/db/schema.ts";
import { loadAccess } from "../../../../lib/permissions/access.ts";

const ROUTES: { module: string; path: string; permission: string }[] = [
  { module: "patients", path: "/api/v1/patients", permission: "patients.view" },
  {
    module: "appointments",
    path: "/api/v1/appointments?from=2026-11-16&to=2026-11-23",
    permission: "appointments.view",
  },
  {
    module: "clinical",
    path: "/api/v1/clinical/patients/:patient/notes",
    permission: "clinical.notes.view",
  },
  {
    module: "clinical",
    path: "/api/v1/clinical/patients/:patient/chart",
    permission: "clinical.chart.view",
  },
  { module: "notifications", path: "/api/v1/notifications", permission: "notifications.view" },
  { module: "staff", path: "/api/v1/staff", permission: "staff.view" },
  { module: "staff", path: "/api/v1/staff/invitations", permission: "staff.invitations.view" },
  { module: "settings", path: "/api/v1/role-templates", permission: "settings.templates.view" },
  { module: "settings", path: "/api/v1/settings/lab", permission: "settings.lab.view" },
  {
    module: "settings",
    path: "/api/v1/settings/notifications",
    permission: "settings.notifications.view",
  },
  {
    module: "radiology",
    path: "/api/v1/patients/:patient/radiology",
    permission: "radiology.view",
  },
  {
    module: "bridge",
    path: "/api/v1/captures?status=unassigned",
    permission: "radiology.inbox.view",
  },
  { module: "bridge", path: "/api/v1/bridge/devices", permission: "bridge.devices.view" },
  { module: "inventory", path: "/api/v1/inventory/items", permission: "inventory.items.view" },
  { module: "treatment", path: "/api/v1/treatment-plans", permission: "treatment.plans.view" },
  { module: "lab", path: "/api/v1/lab/cases", permission: "lab.cases.view" },
  { module: "lab", path: "/api/v1/lab/labs", permission: "lab.labs.view" },
  { module: "settings", path: "/api/v1/referrals", permission: "settings.subscription.view" },
  {
    module: "patients",
    path: "/api/v1/patient-invitations/:patient",
    permission: "patients.view",
  },
  { module: "finance", path: "/api/v1/invoices", permission: "finance.invoices.view" },
  {
    module: "clinical",
    path: "/api/v1/perio/patients/:patient/exams",
    permission: "clinical.chart.view",
  },
];

const ROLES = ["owner", "doctor", "nurse", "reception"] as const;

testOnEachDatabase("permission matrix", async (t, database) => {
  const step = appSteps(t, database);
  const [demo] = await database.db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const [patient] = await database.db.select({ id: patients.id }).from(patients)
    .where(eq(patients.clinicId, demo.id)).limit(1);
  const pathOf = (route: { path: string }) => route.path.replace(":patient", patient.id);

  await step(
    "every role gets 200 or 403 on each module's route as its template says",
    async (app) => {
      for (const role of ROLES) {
        const { jar, body } = await app.login(`${role}@demo-dental.test`);
        const claims = claimsOf(body.accessToken);
        const access = (await loadAccess(database.db, claims.sub, claims.cid!))!;
        for (const route of ROUTES) {
          const res = await app.request(pathOf(route), { jar });
          const allowed = access.permissions.has(route.permission);
          assertEquals(res.status, allowed ? 200 : 403, `${role} ${route.path}`);
          const json = await res.json();
          if (!allowed) assertEquals([json.code, json.permission], ["FORBIDDEN", route.permission]);
        }
        const admin = await app.request("/api/v1/admin/clinics", { jar });
        assertEquals(admin.status, 403, `${role} is not a platform administrator`);
        await admin.body?.cancel();
      }
    },
  );

  await step("the expected matrix for the demo roles on the Pro plan", async (app) => {
    const statuses: Record<string, number[]> = {};
    for (const role of ROLES) {
      const { jar } = await app.login(`${role}@demo-dental.test`);
      statuses[role] = [];
      for (const route of ROUTES) {
        const res = await app.request(pathOf(route), { jar });
        statuses[role].push(res.status);
        await res.body?.cancel();
      }
    }
    // patients, appointments, notes, chart, notifications, staff, invitations, templates,
    // lab settings, notification settings, radiology, capture inbox, bridge devices, inventory,
    // treatment plans, lab cases, labs, referrals, patient portal access, invoices
    assertEquals(statuses, {
      owner: [
        ...[200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        ...[200, 200, 200, 200],
      ],
      doctor: [
        ...[200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200, 403, 200, 200, 200, 200],
        ...[403, 200, 200, 200],
      ],
      nurse: [
        ...[200, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200, 403],
        ...[403, 200, 403, 200],
      ],
      reception: [
        ...[200, 200, 403, 403, 200, 200, 403, 403, 200, 200, 403, 403, 403, 200, 200, 200, 200],
        ...[403, 200, 200, 403],
      ],
    });
  });

  await step("a template edit moves the role's answers with it", async (app) => {
    await database.db.insert(roleTemplates).values({
      clinicId: demo.id,
      role: "nurse",
      permissions: ["staff.invitations.view", "settings.templates.view"],
    });
    try {
      const { jar } = await app.login("nurse@demo-dental.test");
      const answers = [];
      for (const route of ROUTES) {
        const res = await app.request(pathOf(route), { jar });
        answers.push(res.status);
        await res.body?.cancel();
      }
      assertEquals(answers, [
        ...[403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 403, 403, 403],
        ...[403, 403, 403, 403, 403, 403, 403, 403],
      ]);
    } finally {
      await database.db.delete(roleTemplates).where(
        and(eq(roleTemplates.clinicId, demo.id), eq(roleTemplates.role, "nurse")),
      );
    }
  });

  // WhatsApp is an add-on: its routes answer with the module message until a superadmin enables it.
  await step("the WhatsApp routes follow the module, then each role's template", async (app) => {
    const whatsapp = [
      ["/api/v1/whatsapp/config", "whatsapp.config.view"],
      ["/api/v1/whatsapp/logs", "whatsapp.logs.view"],
    ] as const;
    const statuses = async () => {
      const answers: Record<string, number[]> = {};
      for (const role of ROLES) {
        const { jar } = await app.login(`${role}@demo-dental.test`);
        answers[role] = [];
        for (const [path] of whatsapp) {
          const res = await app.request(path, { jar });
          answers[role].push(res.status);
          await res.body?.cancel();
        }
      }
      return answers;
    };
    const off = { owner: [403, 403], doctor: [403, 403], nurse: [403, 403], reception: [403, 403] };
    assertEquals(await statuses(), off);
    await database.db.insert(clinicModules).values({
      clinicId: demo.id,
      moduleKey: "whatsapp_api",
      isEnabled: true,
    });
    try {
      assertEquals(await statuses(), {
        owner: [200, 200],
        doctor: [403, 403],
        nurse: [403, 403],
        reception: [403, 403],
      });
    } finally {
      await database.db.delete(clinicModules).where(and(
        eq(clinicModules.clinicId, demo.id),
        eq(clinicModules.moduleKey, "whatsapp_api"),
      ));
    }
  });
  await step(
    "DICOM AI: module off → 403 naming it; on a Pro+ plan as the role defaults say",
    async (
      app,
    ) => {
      const usage = "/api/v1/dicom-ai/usage";
      const off = await app.login("owner@demo-dental.test");
      const refused = await app.request(usage, { jar: off.jar });
      assertEquals([refused.status, (await refused.json()).code], [403, "MODULE_DISABLED"]);
      await database.db.update(clinics).set({ planId: "pro_plus" }).where(eq(clinics.id, demo.id));
      try {
        const statuses: number[] = [];
        for (const role of ROLES) {
          const { jar } = await app.login(`${role}@demo-dental.test`);
          const res = await app.request(usage, { jar });
          statuses.push(res.status);
          await res.body?.cancel();
        }
        // owner, doctor (Pro+ adds the analysis permissions), nurse, reception
        assertEquals(statuses, [200, 200, 403, 403]);
      } finally {
        await database.db.update(clinics).set({ planId: "pro" }).where(eq(clinics.id, demo.id));
      }
    },
  );
  await step(
    "AI reports: module off → 403 naming it; on a Pro+ plan as the role defaults say",
    async (app) => {
      const routes = ["/api/v1/reports/ruby", "/api/v1/action-items"];
      const off = await app.login("owner@demo-dental.test");
      const refused = await app.request(routes[0], { jar: off.jar });
      assertEquals([refused.status, (await refused.json()).code], [403, "MODULE_DISABLED"]);
      await database.db.update(clinics).set({ planId: "pro_plus" }).where(eq(clinics.id, demo.id));
      try {
        const statuses: Record<string, number[]> = {};
        for (const role of ROLES) {
          const { jar } = await app.login(`${role}@demo-dental.test`);
          statuses[role] = [];
          for (const path of routes) {
            const res = await app.request(path, { jar });
            statuses[role].push(res.status);
            await res.body?.cancel();
          }
        }
        // Ruby reports (ai.reports.view), action items (ai.action_items.view)
        assertEquals(statuses, {
          owner: [200, 200],
          doctor: [200, 200],
          nurse: [403, 403],
          reception: [403, 200],
        });
      } finally {
        await database.db.update(clinics).set({ planId: "pro" }).where(eq(clinics.id, demo.id));
      }
    },
  );
});
