import { assertEquals } from "../../support/assert.ts";
import { dropStartMinute, snapDown, yOfMinute } from "../../../lib/calendar/slots.ts";

// 08:00–18:00 at 72 px an hour: 18 px a slot.
const grid = { startMinute: 480, endMinute: 1080, pxPerMinute: 1.2 };

Deno.test("a drop lands on the 15-minute slot under the pointer, not the nearest hour", () => {
  // Grabbed near the card's top, pointing 3 px into the 14:45 slot.
  const y = yOfMinute(14 * 60 + 45, grid) + 3;
  assertEquals(
    dropStartMinute({ pointerY: y, grabOffsetMinutes: 4, durationMinutes: 30 }, grid),
    885,
  );
  // The last pixel of the 14:45 slot is still 14:45; the next is 15:00.
  const slotEnd = yOfMinute(15 * 60, grid);
  assertEquals(
    dropStartMinute({ pointerY: slotEnd - 0.5, grabOffsetMinutes: 0, durationMinutes: 30 }, grid),
    885,
  );
  assertEquals(
    dropStartMinute({ pointerY: slotEnd, grabOffsetMinutes: 0, durationMinutes: 30 }, grid),
    900,
  );
});

Deno.test("the grabbed slot of the card stays under the pointer", () => {
  // An hour-long card grabbed in its last quarter, pointed at 14:45, starts at 14:00.
  const y = yOfMinute(885, grid) + 1;
  assertEquals(
    dropStartMinute({ pointerY: y, grabOffsetMinutes: 50, durationMinutes: 60 }, grid),
    840,
  );
});

Deno.test("a drop never leaves the grid", () => {
  assertEquals(
    dropStartMinute({ pointerY: -40, grabOffsetMinutes: 0, durationMinutes: 30 }, grid),
    480,
  );
  assertEquals(
    dropStartMinute({ pointerY: 5000, grabOffsetMinutes: 0, durationMinutes: 45 }, grid),
    1035,
  );
  assertEquals(
    dropStartMinute({ pointerY: 5000, grabOffsetMinutes: 0, durationMinutes: 50 }, grid),
    1020,
  );
});

Deno.test("snapping rounds down to the slot", () => {
  assertEquals(snapDown(884.9), 870);
  assertEquals(snapDown(885), 885);
  assertEquals(snapDown(899), 885);
});
