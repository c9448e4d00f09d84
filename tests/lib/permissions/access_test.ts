import { and, eq } from "drizzle-orm";
import { assert, assertEquals } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import {
  clinicMembers,
  clinicModules,
  clinics,
  roleTemplates,
  users,
} from "../../../lib/db/schema.ts";
import { loadAccess, withinModules } from "../../../lib/permissions/access.ts";
import { planDefaultPermissions } from "../../../lib/permissions/role-defaults.ts";

async function memberOf(db: Db, email: string) {
  const [row] = await db
    .select({ userId: users.id, clinicId: clinicMembers.clinicId, memberId: clinicMembers.id })
    .from(users).innerJoin(clinicMembers, eq(clinicMembers.userId, users.id))
    .where(eq(users.email, email));
  return row;
}

testOnEachDatabase("effective permissions", async (t, database) => {
  const { db } = database;
  const owner = await memberOf(db, "owner@demo-dental.test");
  const doctor = await memberOf(db, "doctor@demo-dental.test");
  const otherOwner = await memberOf(db, "owner@second-smile.test");

  await t.step("an owner holds every key of the modules the plan includes", async () => {
    const access = (await loadAccess(db, owner.userId, owner.clinicId))!;
    assertEquals(access.source, "owner");
    assertEquals(access.planId, "pro");
    assert(access.permissions.has("inventory.items.view"));
    assert(!access.permissions.has("whatsapp.view"), "the WhatsApp add-on is off");
    assert(!access.permissions.has("radiology.dicom.analyze"), "DICOM AI is Pro+");
    const free = (await loadAccess(db, otherOwner.userId, otherOwner.clinicId))!;
    assert(!free.permissions.has("lab.cases.view"), "Free has no lab module");
    assert(free.permissions.has("patients.view"));
  });

  await t.step("without a template a role gets the plan's default", async () => {
    const access = (await loadAccess(db, doctor.userId, doctor.clinicId))!;
    assertEquals(access.source, "plan");
    const expected = withinModules(planDefaultPermissions("pro", "doctor"), access.modules);
    assertEquals([...access.permissions], [...expected]);
    assert(!access.permissions.has("ai.reports.view"), "AI reports are not part of Pro");
    assert(access.permissions.has("lab.cases.create"));
  });

  await t.step("a saved template replaces the default; an override beats both", async () => {
    await db.insert(roleTemplates).values({
      clinicId: doctor.clinicId,
      role: "doctor",
      permissions: ["patients.view", "clinical.notes.view"],
    });
    try {
      const templated = (await loadAccess(db, doctor.userId, doctor.clinicId))!;
      assertEquals(templated.source, "template");
      assertEquals([...templated.permissions].sort(), ["clinical.notes.view", "patients.view"]);

      await db.update(clinicMembers).set({ permissionsOverride: ["appointments.view"] })
        .where(eq(clinicMembers.id, doctor.memberId));
      const overridden = (await loadAccess(db, doctor.userId, doctor.clinicId))!;
      assertEquals(overridden.source, "override");
      assertEquals([...overridden.permissions], ["appointments.view"]);
    } finally {
      await db.update(clinicMembers).set({ permissionsOverride: null })
        .where(eq(clinicMembers.id, doctor.memberId));
      await db.delete(roleTemplates).where(eq(roleTemplates.clinicId, doctor.clinicId));
    }
  });

  await t.step("keys of a module the clinic lacks are never granted", async () => {
    await db.update(clinicMembers).set({
      permissionsOverride: ["lab.cases.view", "whatsapp.view", "patients.view", "made.up"],
    }).where(eq(clinicMembers.id, doctor.memberId));
    await db.insert(clinicModules).values({
      clinicId: doctor.clinicId,
      moduleKey: "lab",
      isEnabled: false,
    });
    try {
      const access = (await loadAccess(db, doctor.userId, doctor.clinicId))!;
      assertEquals([...access.permissions], ["patients.view"]);
      assert(!access.modules.has("lab"), "the superadmin's switch beats the plan");
      await db.update(clinicModules).set({ isEnabled: true });
      await db.insert(clinicModules).values({
        clinicId: doctor.clinicId,
        moduleKey: "whatsapp_api",
        isEnabled: true,
      });
      const enabled = (await loadAccess(db, doctor.userId, doctor.clinicId))!;
      assertEquals([...enabled.permissions].sort(), [
        "lab.cases.view",
        "patients.view",
        "whatsapp.view",
      ]);
    } finally {
      await db.update(clinicMembers).set({ permissionsOverride: null })
        .where(eq(clinicMembers.id, doctor.memberId));
      await db.delete(clinicModules).where(eq(clinicModules.clinicId, doctor.clinicId));
    }
  });

  await t.step("one clinic's template never changes another clinic's members", async () => {
    await db.insert(roleTemplates).values({
      clinicId: otherOwner.clinicId,
      role: "doctor",
      permissions: ["patients.view"],
    });
    try {
      const access = (await loadAccess(db, doctor.userId, doctor.clinicId))!;
      assertEquals(access.source, "plan");
    } finally {
      await db.delete(roleTemplates).where(eq(roleTemplates.clinicId, otherOwner.clinicId));
    }
  });

  await t.step("a deactivated member, or a user of another clinic, has no access", async () => {
    assertEquals(await loadAccess(db, otherOwner.userId, doctor.clinicId), null);
    await db.update(clinicMembers).set({ status: "deactivated" })
      .where(eq(clinicMembers.id, doctor.memberId));
    try {
      assertEquals(await loadAccess(db, doctor.userId, doctor.clinicId), null);
    } finally {
      await db.update(clinicMembers).set({ status: "active" })
        .where(and(eq(clinicMembers.id, doctor.memberId)));
    }
  });

  await t.step("the plan decides the baseline of roles without a template", async () => {
    await db.update(clinics).set({ planId: "pro_plus" }).where(eq(clinics.id, doctor.clinicId));
    try {
      const access = (await loadAccess(db, doctor.userId, doctor.clinicId))!;
      assert(access.permissions.has("radiology.dicom.analyze"), "Pro+ doctors analyse DICOM");
    } finally {
      await db.update(clinics).set({ planId: "pro" }).where(eq(clinics.id, doctor.clinicId));
    }
  });
});
