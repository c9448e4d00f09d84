import { and, desc, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import {
  activityLog,
  clinicMembers,
  clinics,
  roleTemplates,
  users,
} from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { loadAccess } from "../../../lib/permissions/access.ts";
import { planDefaultPermissions } from "../../../lib/permissions/role-defaults.ts";
import {
  keysOutsideModules,
  listTemplates,
  resetTemplate,
  saveTemplate,
} from "../../../lib/permissions/templates.ts";

async function clinicId(db: Db, slug: string): Promise<string> {
  const [row] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return row.id;
}

async function userId(db: Db, email: string): Promise<string> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row.id;
}

async function lastLog(db: Db, clinic: string) {
  const [row] = await db.select().from(activityLog).where(eq(activityLog.clinicId, clinic))
    .orderBy(desc(activityLog.id)).limit(1);
  return row;
}

const isStatus = (status: number, pattern?: RegExp) => (error: Error) =>
  error instanceof AppError && error.status === status &&
  (!pattern || pattern.test(error.message));

testOnEachDatabase("role templates", async (t, database) => {
  const { db } = database;
  const demo = await clinicId(db, "demo-dental");
  const second = await clinicId(db, "second-smile");
  const owner = await userId(db, "owner@demo-dental.test");
  const doctor = await userId(db, "doctor@demo-dental.test");
  const nurse = await userId(db, "nurse@demo-dental.test");
  const secondOwner = await userId(db, "owner@second-smile.test");

  await t.step(
    "every role starts on its plan default, within the clinic's modules",
    async () => {
      const pro = await listTemplates(db, demo, "pro");
      assertEquals(
        pro.map((r) => [r.role, r.permissions.length, r.customised]),
        [["admin", 136, false], ["doctor", 64, false], ["nurse", 38, false], [
          "reception",
          41,
          false,
        ]],
      );
      assertEquals(pro.map((r) => [r.following, r.overridden]), [[0, 0], [1, 0], [1, 0], [
        1,
        0,
      ]]);
      // Pro has no AI reports module, so the doctor's Pro+ extras never show up.
      assert(!pro[1].permissions.includes("ai.reports.view"));
      // Pro gives reception inventory read access (release notes, "Plan-Based Defaults").
      assert(pro[3].permissions.includes("inventory.items.view"));

      const free = await listTemplates(db, second, "free");
      assertEquals(free.map((r) => r.permissions.length), [91, 44, 25, 34]);
      assert(!free[3].permissions.includes("inventory.items.view"));
      assertEquals(keysOutsideModules(new Set(["treatment"])).length, 152 - 91);
    },
  );

  await t.step("a saved template is what the role's members get, live", async () => {
    const saved = await saveTemplate(db, {
      clinicId: demo,
      role: "doctor",
      permissions: ["patients.view", "appointments.view", "patients.view", "ai.reports.view"],
      actorId: owner,
    });
    assertEquals(saved, {
      role: "doctor",
      permissions: ["appointments.view", "patients.view"],
      customised: true,
      ignored: ["ai.reports.view"],
    });
    const [row] = await db.select().from(roleTemplates)
      .where(and(eq(roleTemplates.clinicId, demo), eq(roleTemplates.role, "doctor")));
    assertEquals(row.permissions, ["appointments.view", "patients.view"], "sorted, unique");
    assertEquals(row.updatedBy, owner);

    const access = await loadAccess(db, doctor, demo);
    assertEquals([...access!.permissions], ["appointments.view", "patients.view"]);
    assertEquals(access!.source, "template");

    const doctorRow = (await listTemplates(db, demo, "pro"))[1];
    assertEquals(doctorRow.customised, true);
    assertEquals(doctorRow.updatedByName, "Dr. Ayesha Khan");

    const log = await lastLog(db, demo);
    assertEquals(
      [log.action, log.entityType, log.entityId, log.actorUserId],
      ["permissions.template_saved", "role_template", "doctor", owner],
    );
    assertEquals(log.details.added, [], "both keys were already in the plan default");
    assertEquals((log.details.removed as string[]).length, 62);
    assertEquals(log.details.ignored, ["ai.reports.view"]);
  });

  await t.step("another clinic's templates never move", async () => {
    const before = await loadAccess(db, doctor, demo);
    await saveTemplate(db, {
      clinicId: second,
      role: "doctor",
      permissions: ["finance.invoices.view"],
      actorId: secondOwner,
    });
    assertEquals([...(await loadAccess(db, doctor, demo))!.permissions], [
      ...before!.permissions,
    ]);
    assertEquals((await listTemplates(db, second, "free"))[1].permissions, [
      "finance.invoices.view",
    ]);
    await resetTemplate(db, { clinicId: second, role: "doctor", actorId: secondOwner });
  });

  await t.step("a member with individual permissions is not affected", async () => {
    await db.update(clinicMembers).set({ permissionsOverride: ["patients.view"] })
      .where(and(eq(clinicMembers.clinicId, demo), eq(clinicMembers.userId, nurse)));
    try {
      await saveTemplate(db, {
        clinicId: demo,
        role: "nurse",
        permissions: ["appointments.view", "lab.cases.view"],
        actorId: owner,
      });
      const access = await loadAccess(db, nurse, demo);
      assertEquals([...access!.permissions], ["patients.view"]);
      assertEquals(access!.source, "override");
      const [row] = await db.select({ o: clinicMembers.permissionsOverride })
        .from(clinicMembers)
        .where(and(eq(clinicMembers.clinicId, demo), eq(clinicMembers.userId, nurse)));
      assertEquals(row.o, ["patients.view"], "the member row was not rewritten");
      const nurseRow = (await listTemplates(db, demo, "pro"))[2];
      assertEquals([nurseRow.following, nurseRow.overridden], [0, 1]);
    } finally {
      await db.update(clinicMembers).set({ permissionsOverride: null })
        .where(and(eq(clinicMembers.clinicId, demo), eq(clinicMembers.userId, nurse)));
      await resetTemplate(db, { clinicId: demo, role: "nurse", actorId: owner });
    }
  });

  await t.step("resetting goes back to the plan default and is recorded once", async () => {
    const reset = await resetTemplate(db, { clinicId: demo, role: "doctor", actorId: owner });
    assertEquals(reset.customised, false);
    assertEquals(reset.permissions.length, 64);
    assertEquals(
      reset.permissions,
      planDefaultPermissions("pro", "doctor").filter((k) => !k.startsWith("ai.")),
    );
    const access = await loadAccess(db, doctor, demo);
    assertEquals([...access!.permissions], reset.permissions);
    assertEquals(access!.source, "plan");
    const log = await lastLog(db, demo);
    assertEquals([log.action, log.entityId], ["permissions.template_reset", "doctor"]);

    await resetTemplate(db, { clinicId: demo, role: "doctor", actorId: owner });
    assertEquals((await lastLog(db, demo)).id, log.id, "nothing to reset, nothing logged");
  });

  await t.step(
    "unknown keys and the owner role are refused, and nothing is stored",
    async () => {
      const unknown = await assertRejects(
        () =>
          saveTemplate(db, {
            clinicId: demo,
            role: "doctor",
            permissions: ["patients.view", "patients.teleport", "x"],
            actorId: owner,
          }),
        isStatus(400),
      );
      assertMatch(unknown.message, /patients\.teleport, x/);
      await assertRejects(
        () => saveTemplate(db, { clinicId: demo, role: "owner", permissions: [], actorId: owner }),
        isStatus(400, /owner always has every permission/),
      );
      await assertRejects(
        () =>
          saveTemplate(db, {
            clinicId: demo,
            role: "dentist",
            permissions: [],
            actorId: owner,
          }),
        isStatus(404, /Unknown role "dentist"/),
      );
      await assertRejects(
        () => resetTemplate(db, { clinicId: demo, role: "owner", actorId: owner }),
        isStatus(400),
      );
      assertEquals(
        (await db.select().from(roleTemplates).where(eq(roleTemplates.clinicId, demo))).length,
        0,
      );
    },
  );

  await t.step("an editor cannot add a permission they do not hold", async () => {
    const holds = new Set(["patients.view", "patients.edit", "settings.templates.edit"]);
    const error = await assertRejects(
      () =>
        saveTemplate(db, {
          clinicId: demo,
          role: "reception",
          permissions: ["patients.view", "finance.payments.refund"],
          actorId: nurse,
          actorPermissions: holds,
        }),
      isStatus(403),
    );
    assertMatch(error.message, /finance\.payments\.refund/);
    // Keeping a key the role already has is not granting it: reception's default has invoices.
    const kept = await saveTemplate(db, {
      clinicId: demo,
      role: "reception",
      permissions: ["patients.view", "finance.invoices.view"],
      actorId: nurse,
      actorPermissions: holds,
    });
    assertEquals(kept.permissions, ["patients.view", "finance.invoices.view"]);
    await resetTemplate(db, { clinicId: demo, role: "reception", actorId: owner });
  });
});
