/**
 * The report's figures against a clinic whose rows are known (report-fixture.ts):
 * each expected value below is counted by hand from that file.
 */
import { assertEquals } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { computeFigures } from "../../../lib/reports/reports.ts";
import { clinics } from "../../../lib/db/schema.ts";
import { NOW, PERIOD, reportFixture } from "./report-fixture.ts";

testOnEachDatabase("Ruby report analytics", async (t, database) => {
  const { db } = database;
  const fixture = await reportFixture(db);
  const figures = await computeFigures(db, fixture.clinicId, PERIOD, NOW);
  const { current, previous } = figures;

  await t.step("the period is the days asked for, and the one before is as long", () => {
    assertEquals(current.period, {
      start: "2030-03-01",
      end: "2030-03-30",
      days: 30,
      timeZone: "Asia/Karachi",
    });
    assertEquals([previous.period.start, previous.period.end], ["2030-01-30", "2030-02-28"]);
  });

  await t.step("throughput counts appointments starting on the clinic's days", () => {
    // Six start in March on Karachi's clock; the 00:15 visit of 31 March does not.
    assertEquals(
      {
        booked: current.throughput.booked,
        completed: current.throughput.completed,
        cancelled: current.throughput.cancelled,
        noShows: current.throughput.noShows,
        rates: [
          current.throughput.completionRate,
          current.throughput.cancellationRate,
          current.throughput.noShowRate,
        ],
      },
      { booked: 6, completed: 3, cancelled: 1, noShows: 1, rates: [50, 16.7, 16.7] },
    );
    assertEquals(current.throughput.disclosure.rows, 6);
    assertEquals(
      [
        previous.throughput.booked,
        previous.throughput.completionRate,
        previous.throughput.noShowRate,
      ],
      [3, 66.7, 33.3],
    );
  });

  await t.step("utilisation divides kept minutes by the open minutes", () => {
    assertEquals(current.utilisation.openMinutes, 12_000);
    assertEquals(
      current.utilisation.operatories.map((
        r,
      ) => [r.name, r.appointments, r.bookedMinutes, r.utilisation]),
      [["Room A", 3, 120, 1], ["Room B", 1, 60, 0.5]],
    );
    assertEquals(
      current.utilisation.doctors.map((
        r,
      ) => [r.name, r.appointments, r.bookedMinutes, r.utilisation]),
      [["Dr Aslam", 3, 120, 1], ["Dr Bano", 1, 60, 0.5]],
    );
  });

  await t.step("new and returning patients", () => {
    const { seen, newPatients, returning, registered } = current.patients;
    assertEquals({ seen, newPatients, returning, registered }, {
      seen: 2,
      newPatients: 1,
      returning: 1,
      registered: 1,
    });
    assertEquals(
      [previous.patients.seen, previous.patients.newPatients, previous.patients.returning],
      [2, 2, 0],
    );
  });

  await t.step(
    "lab turnaround counts UTC dates, so crossing Karachi's midnight adds no day",
    () => {
      assertEquals(current.lab.cases.map((c) => [c.caseNumber, c.sentOn, c.deliveredOn, c.days]), [
        ["LC-0001", "2030-03-04", "2030-03-07", 3],
        ["LC-0002", "2030-03-10", "2030-03-15", 5],
      ]);
      assertEquals(
        [
          current.lab.delivered,
          current.lab.averageDays,
          current.lab.medianDays,
          current.lab.longestDays,
        ],
        [2, 4, 4, 5],
      );
      assertEquals([previous.lab.delivered, previous.lab.averageDays], [1, 5]);
    },
  );

  await t.step("inventory consumption is net of returns; low stock ignores archived items", () => {
    assertEquals(current.consumption.units, 8);
    assertEquals(current.consumption.items, [
      { name: "Composite", unit: "syringe", quantity: 4 },
      { name: "Gloves", unit: "box", quantity: 4 },
    ]);
    assertEquals(current.consumption.disclosure.rows, 4);
    assertEquals(previous.consumption.units, 1);
    assertEquals(figures.lowStock.items.map((i) => [i.name, i.onHand, i.reorderThreshold]), [
      ["Composite", 1, 2],
    ]);
  });

  await t.step("billing: invoiced, collected net of refunds, owed and overdue now", () => {
    const b = current.billing!;
    assertEquals(
      [b.invoices, b.invoicedMinor, b.collectedMinor, b.outstandingMinor, b.overdueMinor],
      [3, 1_750_000, 1_100_000, 650_000, 400_000],
    );
    assertEquals(b.overdueInvoices, 2);
    assertEquals(b.byMethod.map((m) => [m.label, m.amountMinor, m.payments]), [
      ["Cash", 1_000_000, 1],
      ["Card", 200_000, 1],
    ]);
    assertEquals(b.disclosure.rows, 6);
    const p = previous.billing!;
    assertEquals([p.invoices, p.invoicedMinor, p.collectedMinor, p.outstandingMinor], [
      1,
      400_000,
      400_000,
      0,
    ]);
    assertEquals(p.byMethod.map((m) => m.label), ["JazzCash"]);
  });

  await t.step("the revenue trend runs by Monday weeks over the period", () => {
    assertEquals(
      current.revenue!.weeks.map((w) => [w.weekStart, w.invoicedMinor, w.collectedMinor]),
      [
        ["2030-02-25", 0, 0],
        ["2030-03-04", 1_500_000, 1_200_000],
        ["2030-03-11", 0, 0],
        ["2030-03-18", 0, 0],
        ["2030-03-25", 250_000, 0],
      ],
    );
  });

  await t.step("every figure says what it counted", () => {
    for (
      const section of [
        current.throughput,
        current.utilisation,
        current.patients,
        current.lab,
        current.consumption,
        figures.lowStock,
      ]
    ) {
      assertEquals(typeof section.disclosure.counted, "string");
      assertEquals(section.disclosure.counted.length > 20, true);
    }
    assertEquals(current.throughput.disclosure.counted.includes("1 Mar 2030 – 30 Mar 2030"), true);
  });

  await t.step("an empty clinic has zeros and no rates, not errors", async () => {
    const [empty] = await db.insert(clinics).values({
      name: "Empty Dental",
      slug: `empty-${Date.now().toString(36)}`,
      ownerEmail: "empty@ruby.test",
    }).returning({ id: clinics.id });
    const nothing = await computeFigures(db, empty.id, PERIOD, NOW);
    assertEquals(nothing.current.throughput.booked, 0);
    assertEquals(nothing.current.throughput.noShowRate, null);
    assertEquals(nothing.current.utilisation.openMinutes, 0);
    assertEquals(nothing.current.utilisation.operatories, []);
    assertEquals(nothing.current.patients.seen, 0);
    assertEquals(nothing.current.lab.averageDays, null);
    assertEquals(nothing.current.consumption.units, 0);
    assertEquals(nothing.lowStock.items, []);
    assertEquals(nothing.current.billing!.invoicedMinor, 0);
    assertEquals(nothing.current.billing!.byMethod, []);
  });
});
