/**
 * On PGlite a named prepared query runs as a server-side prepared statement
 * (planned once), and answers exactly as the same query run unnamed: values
 * with quotes, NULLs, times and numbers reach it unchanged, and it sees rows
 * written after it was prepared.
 */
import { assert, assertEquals } from "../../support/assert.ts";
import { and, eq, gte, isNull, or, sql } from "drizzle-orm";
import { openDatabase } from "../../../lib/db/client.ts";
import { migrate } from "../../../lib/db/migrate.ts";
import { seedDemoData } from "../../../lib/db/seed.ts";
import { patients } from "../../../lib/db/schema.ts";

Deno.test("a named prepared query on PGlite is prepared once and answers like an unnamed one", async () => {
  const database = await openDatabase({ url: null });
  try {
    await migrate(database.sql);
    await seedDemoData(database.db, { encryptionKey: "k".repeat(40) });
    const db = database.db;
    const [someone] = await db.select().from(patients).limit(1);
    const where = (values: { name: string | null; clinicId: string; since: string }) =>
      and(
        eq(patients.clinicId, values.clinicId),
        gte(patients.createdAt, new Date(values.since)),
        or(isNull(sql`${values.name}::text`), eq(patients.fullName, values.name ?? "")),
      );
    const named = db.select({
      id: patients.id,
      name: patients.fullName,
      createdAt: patients.createdAt,
    })
      .from(patients)
      .where(and(
        eq(patients.clinicId, sql.placeholder("clinicId")),
        gte(patients.createdAt, sql.placeholder("since")),
        or(
          isNull(sql`${sql.placeholder("name")}::text`),
          eq(patients.fullName, sql.placeholder("name")),
        ),
      ))
      .orderBy(patients.id)
      .prepare("test_patients_since");
    const unnamed = (values: { name: string | null; clinicId: string; since: string }) =>
      db.select({ id: patients.id, name: patients.fullName, createdAt: patients.createdAt })
        .from(patients).where(where(values)).orderBy(patients.id);

    const cases = [
      { name: null, clinicId: someone.clinicId, since: "2000-01-01T00:00:00.000Z" },
      { name: someone.fullName, clinicId: someone.clinicId, since: "2000-01-01T00:00:00.000Z" },
      {
        name: "O'Brien; drop table patients --",
        clinicId: someone.clinicId,
        since: "2000-01-01T00:00:00.000Z",
      },
      { name: null, clinicId: someone.clinicId, since: "2999-01-01T00:00:00.000Z" },
    ];
    // More runs than Postgres takes to settle on a generic plan.
    for (let round = 0; round < 3; round++) {
      for (const values of cases) assertEquals(await named.execute(values), await unnamed(values));
    }
    assert((await named.execute(cases[0])).length > 0, "the demo clinic has patients");

    await db.update(patients).set({ fullName: "O'Brien; drop table patients --" })
      .where(eq(patients.id, someone.id));
    assertEquals((await named.execute(cases[2])).map((row) => row.id), [someone.id]);

    const kept = await database.sql.query<{ name: string }>(
      "select name from pg_prepared_statements where name like '%test_patients_since%'",
    );
    assertEquals(kept.length, 1);
  } finally {
    await database.close();
  }
});
