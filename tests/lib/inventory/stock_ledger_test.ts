import { and, eq, sql } from "drizzle-orm";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import type { Db } from "../../../lib/db/client.ts";
import { inventoryItems, inventoryLots, inventoryMovements } from "../../../lib/db/schema.ts";
import { AppError } from "../../../lib/errors.ts";
import { recordMovement } from "../../../lib/inventory/movements.ts";
import type { MovementInput } from "../../../lib/inventory/schemas.ts";
import { itemLots } from "../../../lib/inventory/items.ts";
import { clinicId, testItem, userId } from "./fixtures.ts";

async function ledger(db: Db, itemId: string) {
  const [row] = await db.select({
    onHand: inventoryItems.onHand,
    ledger: sql<number>`(select coalesce(sum(delta), 0)::int from inventory_movements m
      where m.item_id = inventory_items.id)`,
    lots: sql<number>`(select coalesce(sum(remaining), 0)::int from inventory_lots l
      where l.item_id = inventory_items.id)`,
  }).from(inventoryItems).where(eq(inventoryItems.id, itemId));
  return row;
}

const receive = (quantity: number, extra: Partial<MovementInput> = {}): MovementInput =>
  ({
    kind: "receive",
    quantity,
    lotNumber: null,
    expiresOn: null,
    supplierId: null,
    costMinor: null,
    note: null,
    ...extra,
  }) as MovementInput;
const consume = (quantity: number): MovementInput => ({
  kind: "consume",
  quantity,
  appointmentId: null,
  note: null,
});

testOnEachDatabase("inventory stock ledger", async (t, database, backend) => {
  const db = database.db;
  const clinic = await clinicId(db, "demo-dental");
  const nurse = await userId(db, "nurse@demo-dental.test");
  const move = (itemId: string, movement: MovementInput) =>
    recordMovement(db, { clinicId: clinic, itemId, actorId: nurse, movement });

  await t.step("consuming more than is on hand is a 409 naming what is on hand", async () => {
    const item = await testItem(db, clinic);
    await move(item.id, receive(3));
    const error = await assertRejects(() => move(item.id, consume(4))) as AppError;
    assertEquals(error.status, 409);
    assertEquals(error.code, "INSUFFICIENT_STOCK");
    assertEquals(error.extra.onHand, 3);
    assert(error.message.includes("Only 3 boxes"), error.message);
    assertEquals((await ledger(db, item.id)).onHand, 3, "nothing changed");
  });

  await t.step("consumption takes the earliest-expiring lot first, undated lots last", async () => {
    const item = await testItem(db, clinic);
    await move(item.id, receive(5, { lotNumber: "UNDATED" }));
    await move(item.id, receive(5, { lotNumber: "LATE", expiresOn: "2031-06-01" }));
    await move(item.id, receive(5, { lotNumber: "EARLY", expiresOn: "2030-01-15" }));
    await move(item.id, consume(7));
    const lots = await itemLots(db, clinic, item.id);
    assertEquals(lots.map((l) => [l.lotNumber, l.remaining]), [["LATE", 3], ["UNDATED", 5]]);
    const [{ nextExpiry }] = await db.select({
      nextExpiry: sql<string>`(select min(expires_on)::text from inventory_lots
        where item_id = ${item.id} and remaining > 0)`,
    }).from(inventoryItems).limit(1);
    assertEquals(nextExpiry, "2031-06-01");
  });

  await t.step("an adjustment sets the counted quantity and records the reason", async () => {
    const item = await testItem(db, clinic);
    await move(item.id, receive(10));
    const { movement, onHand } = await move(item.id, {
      kind: "adjust",
      quantity: 7,
      reason: "Stock count",
    });
    assertEquals([movement.delta, movement.balanceAfter, onHand], [-3, 7, 7]);
    await move(item.id, { kind: "adjust", quantity: 9, reason: "Found a box" });
    assertEquals(await ledger(db, item.id), { onHand: 9, ledger: 9, lots: 9 });
  });

  await t.step("the ledger is append-only", async () => {
    const item = await testItem(db, clinic);
    await move(item.id, receive(2));
    await assertRejects(() =>
      db.update(inventoryMovements).set({ delta: 200 }).where(
        eq(inventoryMovements.itemId, item.id),
      )
    );
    await assertRejects(() =>
      db.delete(inventoryMovements).where(eq(inventoryMovements.itemId, item.id))
    );
  });

  await t.step("on-hand equals the ledger and the lots after random movements", async () => {
    const item = await testItem(db, clinic);
    // A fixed-seed generator: the sequence is random in shape but the same every run.
    let seed = 20261202;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let expected = 0;
    for (let i = 0; i < 60; i++) {
      const roll = next(3);
      const quantity = 1 + next(8);
      try {
        if (roll === 0) {
          await move(
            item.id,
            receive(quantity, { expiresOn: next(2) ? `2031-0${1 + next(9)}-1${next(9)}` : null }),
          );
          expected += quantity;
        } else if (roll === 1) {
          await move(item.id, consume(quantity));
          expected -= quantity;
        } else {
          const counted = next(15);
          await move(item.id, { kind: "adjust", quantity: counted, reason: "Count" });
          expected = counted;
        }
      } catch (error) {
        assert(error instanceof AppError && error.code === "INSUFFICIENT_STOCK");
        assert(quantity > expected, "refused only when short");
      }
      const state = await ledger(db, item.id);
      assertEquals(state, { onHand: expected, ledger: expected, lots: expected }, `step ${i}`);
    }
  });

  await t.step("another clinic's item is not found", async () => {
    const other = await clinicId(db, "second-smile");
    const item = await testItem(db, clinic);
    const error = await assertRejects(() =>
      recordMovement(db, { clinicId: other, itemId: item.id, actorId: nurse, movement: receive(1) })
    ) as AppError;
    assertEquals(error.status, 404);
  });

  if (backend.name === "postgres") {
    await t.step("20 parallel consumes of 1 with 10 on hand: exactly 10 succeed", async () => {
      const item = await testItem(db, clinic);
      await move(item.id, receive(10));
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => move(item.id, consume(1))),
      );
      const won = results.filter((r) => r.status === "fulfilled").length;
      const refused = results.filter((r) =>
        r.status === "rejected" && (r.reason as AppError).code === "INSUFFICIENT_STOCK"
      ).length;
      assertEquals([won, refused], [10, 10]);
      assertEquals(await ledger(db, item.id), { onHand: 0, ledger: 0, lots: 0 });
      const consumed = await db.select({ n: sql<number>`count(*)::int` })
        .from(inventoryMovements)
        .where(and(eq(inventoryMovements.itemId, item.id), eq(inventoryMovements.kind, "consume")));
      assertEquals(consumed[0].n, 10);
      const balances = (await db.select({ b: inventoryMovements.balanceAfter })
        .from(inventoryMovements).where(eq(inventoryMovements.itemId, item.id))
        .orderBy(inventoryMovements.id)).map((r) =>
          r.b
        );
      assertEquals(balances, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    });
  }

  // Lots and on-hand never part company, whatever the steps above did.
  await t.step("every item's lots sum to its on-hand", async () => {
    const rows = await db.select({
      onHand: inventoryItems.onHand,
      lots: sql<number>`(select coalesce(sum(remaining), 0)::int from inventory_lots l
        where l.item_id = inventory_items.id)`,
      ledger: sql<number>`(select coalesce(sum(delta), 0)::int from inventory_movements m
        where m.item_id = inventory_items.id)`,
    }).from(inventoryItems);
    for (const row of rows) assertEquals([row.lots, row.ledger], [row.onHand, row.onHand]);
    assert(rows.length > 12, "the demo stock room is seeded too");
    void inventoryLots;
  });
});
