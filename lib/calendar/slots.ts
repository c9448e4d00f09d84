/**
 * The time grid's geometry and where a dragged appointment lands. The release
 * notes' fix: a drop snaps to the exact 15-minute slot under the pointer, not
 * to the nearest hour. The slot of the card the user grabbed stays under the
 * pointer, so grabbing a card by its top and pointing at 14:45 starts it at
 * 14:45, and grabbing an hour-long card by its last quarter and pointing at
 * 14:45 starts it at 14:00.
 *
 * @example
 * ```ts
 * const grid = { startMinute: 480, endMinute: 1080, pxPerMinute: 1.2 };
 * dropStartMinute({ pointerY: yOfMinute(885, grid) + 3, grabOffsetMinutes: 4, durationMinutes: 30 }, grid); // 885 (14:45)
 * ```
 */

export const SLOT_MINUTES = 15;

/** The day and week grids draw an hour 72 px tall: 18 px a slot, room for two lines of a card. */
export const PX_PER_MINUTE = 1.2;

export interface GridGeometry {
  /** Minute of day at the top of the grid. */
  startMinute: number;
  /** Minute of day at the bottom of the grid. */
  endMinute: number;
  pxPerMinute: number;
}

export function snapDown(minutes: number, slot = SLOT_MINUTES): number {
  return Math.floor(minutes / slot) * slot;
}

/** Pixels from the top of a day column to `minute`. */
export function yOfMinute(minute: number, grid: GridGeometry): number {
  return (minute - grid.startMinute) * grid.pxPerMinute;
}

/** Minute of day at `y` pixels from the top of a day column. */
export function minuteAtY(y: number, grid: GridGeometry): number {
  return grid.startMinute + y / grid.pxPerMinute;
}

export interface DropInput {
  /** Pointer position from the top of the target day column, in pixels. */
  pointerY: number;
  /** How far below the card's top the pointer grabbed it, in minutes. */
  grabOffsetMinutes: number;
  durationMinutes: number;
}

/** The start minute of day a drop gives: always on a 15-minute slot and inside the grid. */
export function dropStartMinute(input: DropInput, grid: GridGeometry): number {
  const pointerSlot = snapDown(minuteAtY(input.pointerY, grid));
  const grabbedSlot = snapDown(Math.max(0, input.grabOffsetMinutes));
  const start = pointerSlot - grabbedSlot;
  const latest = Math.max(grid.startMinute, snapDown(grid.endMinute - input.durationMinutes));
  return Math.min(Math.max(start, grid.startMinute), latest);
}
