import { and, eq } from "drizzle-orm";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { clinicModules, clinics, users } from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { loadAccess } from "../../../lib/permissions/access.ts";
import { moduleStates, setModule, setTestAccount } from "../../../lib/admin/clinic-modules.ts";

const isStatus = (status: number) => (error: Error) =>
  error instanceof AppError && error.status === status;

testOnEachDatabase("clinic modules", async (t, database) => {
  const { db } = database;
  const [smile] = await db.select().from(clinics).where(eq(clinics.slug, "second-smile"));
  const [admin] = await db.select().from(users).where(
    eq(users.email, "superadmin@odontox.test"),
  );
  const [owner] = await db.select().from(users).where(
    eq(users.email, "owner@second-smile.test"),
  );
  const base = { clinicId: smile.id, actorId: admin.id };

  await t.step(
    "a switch overrides the plan in both directions, then yields to it",
    async () => {
      try {
        await setModule(db, { ...base, moduleKey: "lab", enabled: true });
        assertEquals((await loadAccess(db, owner.id, smile.id))!.modules.has("lab"), true);
        const [lab] = (await moduleStates(db, smile.id, "free")).filter((m) => m.key === "lab");
        assertEquals([lab.enabled, lab.source, lab.includedInPlan], [true, "override", false]);

        // The upsert flips the same row rather than adding a second one.
        await setModule(db, { ...base, moduleKey: "lab", enabled: false });
        const rows = await db.select().from(clinicModules).where(
          and(eq(clinicModules.clinicId, smile.id), eq(clinicModules.moduleKey, "lab")),
        );
        assertEquals(rows.map((r) => r.isEnabled), [false]);
        // Off wins even on a plan that includes the module.
        const [offOnPro] = (await moduleStates(db, smile.id, "pro")).filter((m) => m.key === "lab");
        assertEquals([offOnPro.enabled, offOnPro.source], [false, "override"]);

        await setModule(db, { ...base, moduleKey: "lab", enabled: null });
        const [plain] = (await moduleStates(db, smile.id, "pro")).filter((m) => m.key === "lab");
        assertEquals([plain.enabled, plain.source], [true, "plan"]);
      } finally {
        await db.delete(clinicModules).where(eq(clinicModules.clinicId, smile.id));
      }
    },
  );

  await t.step("an unknown module or clinic is refused", async () => {
    await assertRejects(
      () => setModule(db, { ...base, moduleKey: "LAB", enabled: true }),
      isStatus(400),
    );
    await assertRejects(
      () => setModule(db, { ...base, clinicId: "nope", moduleKey: "lab", enabled: true }),
      isStatus(404),
    );
    await assertRejects(
      () => setTestAccount(db, { clinicId: crypto.randomUUID(), isTestAccount: true }),
      isStatus(404),
    );
    assertEquals(
      await db.select().from(clinicModules).where(eq(clinicModules.clinicId, smile.id)),
      [],
    );
  });

  await t.step("the test-account tag is set and cleared", async () => {
    try {
      await setTestAccount(db, { clinicId: smile.id, isTestAccount: true });
      const [tagged] = await db.select().from(clinics).where(eq(clinics.id, smile.id));
      assertEquals(tagged.isTestAccount, true);
    } finally {
      await setTestAccount(db, { clinicId: smile.id, isTestAccount: false });
    }
    const [cleared] = await db.select().from(clinics).where(eq(clinics.id, smile.id));
    assertEquals(cleared.isTestAccount, false);
  });
});
