import { assertEquals, assertRejects } from "../../../support/assert.ts";
import {
  monthPeriod,
  quotaMonth,
  readUsage,
  refundUnit,
  reserveUnit,
} from "../../../../lib/dicom/analysis/quota.ts";
import { AppError } from "../../../../lib/errors.ts";

const CLINIC = "00000000-0000-4000-8000-000000000001";

Deno.test("20 parallel reservations with 3 units left: exactly 3 succeed", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const now = new Date("2026-12-10T09:00:00Z");
    const period = quotaMonth(now, "Asia/Karachi");
    for (let i = 0; i < 7; i++) await reserveUnit(kv, CLINIC, 10, period, now);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => reserveUnit(kv, CLINIC, 10, period, now)),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assertEquals(accepted.length, 3);
    assertEquals(refused.length, 17);
    for (const r of refused) {
      const error = r.reason as AppError;
      assertEquals([error.status, error.code], [429, "QUOTA_EXCEEDED"]);
      assertEquals(error.extra, {
        limit: 10,
        used: 10,
        resetsAt: "2026-12-31T19:00:00.000Z",
      });
    }
    assertEquals((await readUsage(kv, CLINIC, 10, period)).used, 10);
  } finally {
    kv.close();
  }
});

Deno.test("the month follows the clinic's clock: 00:30 on 1 Dec in Karachi is December", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const lateNovember = new Date("2026-11-30T18:30:00Z"); // 23:30 in Karachi
    const earlyDecember = new Date("2026-11-30T19:30:00Z"); // 00:30 on 1 Dec in Karachi
    const november = quotaMonth(lateNovember, "Asia/Karachi");
    const december = quotaMonth(earlyDecember, "Asia/Karachi");
    assertEquals([november.month, december.month], ["2026-11", "2026-12"]);
    assertEquals(november.resetsAt.toISOString(), "2026-11-30T19:00:00.000Z");
    // The same instant is still November in London.
    assertEquals(quotaMonth(earlyDecember, "Europe/London").month, "2026-11");

    await reserveUnit(kv, CLINIC, 1, november, lateNovember);
    await assertRejects(
      () => reserveUnit(kv, CLINIC, 1, november, lateNovember),
      (e) => e instanceof AppError && e.code === "QUOTA_EXCEEDED",
    );
    // A new month on the clinic's clock has the whole budget again.
    assertEquals((await reserveUnit(kv, CLINIC, 1, december, earlyDecember)).used, 1);
    assertEquals((await readUsage(kv, CLINIC, 1, november)).used, 1);
  } finally {
    kv.close();
  }
});

Deno.test("a refund returns the unit to the month it was taken from, never below zero", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const now = new Date("2026-12-31T18:00:00Z");
    const december = monthPeriod("2026-12", "Asia/Karachi");
    await reserveUnit(kv, CLINIC, 5, december, now);
    await reserveUnit(kv, CLINIC, 5, december, now);
    // Refunded after the clinic's month turned: still December's unit.
    await refundUnit(kv, CLINIC, december, new Date("2027-01-01T00:00:00Z"));
    assertEquals((await readUsage(kv, CLINIC, 5, december)).used, 1);
    await refundUnit(kv, CLINIC, december, now);
    await refundUnit(kv, CLINIC, december, now);
    assertEquals((await readUsage(kv, CLINIC, 5, december)).used, 0);
  } finally {
    kv.close();
  }
});
