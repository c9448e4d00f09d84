/**
 * What the mouse and touch drag tests of the week calendar share: the same
 * two bookings to move and to collide with, and where a time slot is on the
 * page.
 */
import type { Page } from "playwright-core";
import { assert } from "./assert.ts";
import type { serverApi } from "./e2e-api.ts";

export type Point = { x: number; y: number };

/**
 * A 30-minute check-up at 10:00 on `moveDay` (the card the test drags) and,
 * for the same doctor in another room, a 14:00–15:00 root canal on
 * `blockDay` (the conflict). Karachi time.
 */
export async function bookMovingAndBlocker(
  { api, signIn, book }: ReturnType<typeof serverApi>,
  email: string,
  moveDay: string,
  blockDay: string,
) {
  const { token, userId } = await signIn(email);
  const { operatories } = await api(token, "GET", "/api/v1/operatories");
  const { patients } = await api(token, "GET", "/api/v1/patients?limit=2");
  const booking = { doctorId: userId, durationMinutes: 30, type: "Check-up" };
  const moving = await book(token, {
    ...booking,
    patientId: patients[0].id,
    operatoryId: operatories[0].id,
    startsAt: `${moveDay}T10:00:00+05:00`,
  });
  const blocker = await book(token, {
    ...booking,
    patientId: patients[1].id,
    operatoryId: operatories[1].id,
    startsAt: `${blockDay}T14:00:00+05:00`,
    durationMinutes: 60,
    type: "Root canal",
  });
  return { token, patients, moving, blocker };
}

/** The page coordinates of a point 3 px into the slot at `minute` of `date`'s column. */
export async function slotPoint(page: Page, date: string, minute: number): Promise<Point> {
  const geometry = await page.locator("[data-week-calendar]").evaluate((el) => ({
    startMinute: Number((el as HTMLElement).dataset.startMinute),
    pxPerMinute: Number((el as HTMLElement).dataset.pxPerMinute),
  }));
  const column = await page.locator(`[data-date="${date}"]`).boundingBox();
  assert(column, `the ${date} column is on the page`);
  return {
    x: column.x + column.width / 2,
    y: column.y + (minute - geometry.startMinute) * geometry.pxPerMinute + 3,
  };
}
