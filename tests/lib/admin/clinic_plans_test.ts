import { desc, eq } from "drizzle-orm";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { activityLog, clinics, roleTemplates, users } from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { loadAccess } from "../../../lib/permissions/access.ts";
import { assignPlan, clinicDetail, listClinics } from "../../../lib/admin/clinic-plans.ts";

const isStatus = (status: number) => (error: Error) =>
  error instanceof AppError && error.status === status;

testOnEachDatabase("clinic plans", async (t, database) => {
  const { db } = database;
  const [demo] = await db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
  const [admin] = await db.select().from(users).where(
    eq(users.email, "superadmin@odontox.test"),
  );
  const [reception] = await db.select().from(users).where(
    eq(users.email, "reception@demo-dental.test"),
  );
  const input = { clinicId: demo.id, actorId: admin.id, resetTemplates: false };

  await t.step("an unknown plan or clinic is refused before anything changes", async () => {
    await assertRejects(() => assignPlan(db, { ...input, planId: "gold" }), isStatus(400));
    await assertRejects(
      () => assignPlan(db, { ...input, planId: "free", clinicId: crypto.randomUUID() }),
      isStatus(404),
    );
    const [after] = await db.select().from(clinics).where(eq(clinics.id, demo.id));
    assertEquals(after.planId, "pro");
  });

  await t.step("roles without a template follow the new plan at once", async () => {
    const onPro = await loadAccess(db, reception.id, demo.id);
    assertEquals(onPro!.permissions.has("inventory.items.view"), true);
    try {
      const result = await assignPlan(db, { ...input, planId: "free" });
      assertEquals(result, { from: "pro", to: "free", billingPeriod: "monthly", resetRoles: [] });
      const onFree = await loadAccess(db, reception.id, demo.id);
      assertEquals(onFree!.planId, "free");
      assertEquals(onFree!.permissions.has("inventory.items.view"), false);
      assertEquals(onFree!.permissions.has("settings.lab.view"), false, "no lab module");
    } finally {
      await db.update(clinics).set({ planId: "pro" }).where(eq(clinics.id, demo.id));
    }
  });

  await t.step(
    "resetting deletes the saved templates, and a blank note is not kept",
    async () => {
      await db.insert(roleTemplates).values([
        { clinicId: demo.id, role: "nurse", permissions: ["appointments.view"] },
        { clinicId: demo.id, role: "reception", permissions: ["appointments.view"] },
      ]);
      try {
        assertEquals((await clinicDetail(db, demo.id)).customisedRoles, ["nurse", "reception"]);
        const result = await assignPlan(db, {
          ...input,
          planId: "pro",
          resetTemplates: true,
          note: "  ",
        });
        assertEquals(result.resetRoles.sort(), ["nurse", "reception"]);
        assertEquals((await clinicDetail(db, demo.id)).customisedRoles, []);
        const access = await loadAccess(db, reception.id, demo.id);
        assertEquals(access!.source, "plan");
        const [entry] = await db.select().from(activityLog)
          .where(eq(activityLog.action, "platform.plan_assigned"))
          .orderBy(desc(activityLog.id)).limit(1);
        assertEquals(entry.details.note, null);
      } finally {
        await db.delete(roleTemplates).where(eq(roleTemplates.clinicId, demo.id));
      }
    },
  );

  await t.step("the clinic list counts active members and modules on", async () => {
    // The two clinics with staff; the demo seed's other clinics have an owner each.
    const list = (await listClinics(db))
      .filter((c) => c.slug === "demo-dental" || c.slug === "second-smile");
    assertEquals(list.map((c) => [c.slug, c.planId, c.members, c.modules.length]), [
      ["demo-dental", "pro", 4, 6],
      ["second-smile", "free", 1, 1],
    ]);
  });
});
