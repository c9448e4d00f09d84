/**
 * The owner's "Team activity" card: runs of the same person doing the same
 * thing are one line with a count, folded by the database as it reads the
 * log, on both backends.
 */
import { asc, eq } from "drizzle-orm";
import { assertEquals } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { activityLog, clinicMembers, clinics, users } from "../../../lib/db/schema.ts";
import { dayOverview } from "../../../lib/dashboard/overview.ts";
import type { Db } from "../../../lib/db/client.ts";

// Later than anything the demo seed logs, so these are the clinic's newest entries.
const at = (minute: number, second = 0) => new Date(Date.UTC(2031, 2, 5, 9, minute, second));
const OVERVIEW_ONLY = { overview: true, newPatients: false, appointments: false };
const SPAN = { from: at(0), to: at(59), now: at(59) };

async function demoClinic(db: Db) {
  const [clinic] = await db.select({ id: clinics.id }).from(clinics)
    .where(eq(clinics.name, "Demo Dental"));
  const members = await db.select({ id: users.id, name: users.name }).from(clinicMembers)
    .innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(eq(clinicMembers.clinicId, clinic.id)).orderBy(asc(users.name)).limit(2);
  return { clinicId: clinic.id, first: members[0], second: members[1] };
}

type Entry = [at: Date, actor: string | null, action: string, to?: unknown];

async function log(db: Db, clinicId: string, entries: Entry[]) {
  await db.insert(activityLog).values(entries.map(([createdAt, actor, action, to]) => ({
    clinicId,
    actorUserId: actor,
    action,
    details: to === undefined ? { ip: "127.0.0.1" } : { from: "scheduled", to },
    createdAt,
  })));
}

async function card(db: Db, clinicId: string) {
  const { overview } = await dayOverview(db, clinicId, OVERVIEW_ONLY, SPAN);
  return overview!.activity.map((
    e,
  ) => [e.actorName, e.action, e.status ?? null, e.count, e.createdAt]);
}

testOnEachDatabase("Team activity folds runs", async (t, database) => {
  const db = database.db;
  const { clinicId, first, second } = await demoClinic(db);

  await t.step(
    "a run of the same person doing the same thing is one line with a count",
    async () => {
      await log(db, clinicId, [
        [at(50), first.id, "auth.login"],
        [at(49), first.id, "auth.login"],
        [at(48), first.id, "auth.login"],
        [at(40), first.id, "appointments.status_changed", "confirmed"],
        [at(39), first.id, "appointments.status_changed", "confirmed"],
        [at(38), first.id, "appointments.status_changed", "cancelled"],
        [at(30), second.id, "appointments.status_changed", "confirmed"],
        [at(29), null, "appointments.status_changed", 7],
      ]);
      const lines = await card(db, clinicId);
      assertEquals(lines.slice(0, 5), [
        [first.name, "auth.login", null, 3, at(50)],
        [first.name, "appointments.status_changed", "confirmed", 2, at(40)],
        [first.name, "appointments.status_changed", "cancelled", 1, at(38)],
        [second.name, "appointments.status_changed", "confirmed", 1, at(30)],
        // No actor and no readable new status: still its own line.
        [null, "appointments.status_changed", null, 1, at(29)],
      ]);
    },
  );

  await t.step(
    "the card keeps eight lines however long the runs, and counts the eighth's run whole",
    async () => {
      // Alternating people: every entry starts a run; then one long run.
      await log(db, clinicId, [
        ...Array.from(
          { length: 7 },
          (_, i): Entry => [at(59 - i), i % 2 ? second.id : first.id, "patients.updated"],
        ),
        ...Array.from(
          { length: 20 },
          (_, i): Entry => [at(52, 59 - i), second.id, "patients.created"],
        ),
      ]);
      const lines = await card(db, clinicId);
      assertEquals(lines.length, 8);
      assertEquals(lines.slice(0, 7).every(([, , , count]) => count === 1), true);
      assertEquals(lines[7].slice(0, 4), [second.name, "patients.created", null, 20]);
      assertEquals(lines[7][4], at(52, 59));
    },
  );
});
