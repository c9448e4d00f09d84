/**
 * The Today dashboard follows the appointment book live: reception has it
 * open on a phone-sized Chromium; a patient confirms from the email link
 * (`POST /api/v1/appointments/respond`, the request the landing page makes)
 * and the visit leaves "Unconfirmed" and shows Confirmed in the day's
 * schedule without a reload, styled (the redraw brings its stylesheet).
 *
 * The dashboard reads the real clock, so the server starts on a data
 * directory prepared here: Demo Dental moved into the zone where it is now
 * about noon, with an empty book, so a visit three hours ahead is today's.
 */
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { assertEquals } from "../support/assert.ts";
import { launchBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import { type ServerProcess, startServerProcess } from "../support/server-process.ts";
import { noonZone } from "../routes/today-fixtures.ts";
import { buildIslandsIfStale } from "../../lib/islands/build.ts";
import { openDatabase } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seedDemoData } from "../../lib/db/seed.ts";
import { appointments, clinics } from "../../lib/db/schema.ts";
import { generateAppointmentToken } from "../../lib/appointment-tokens.ts";

const OWNER = "owner@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const ENCRYPTION_KEY = "dashboard-live-test-key-0123456789abcdef";

/** A migrated, seeded data directory whose Demo Dental reads about noon now. */
async function prepareDataDir(): Promise<string> {
  const dataDir = await Deno.makeTempDir({ prefix: "odontox-today-e2e-" });
  const database = await openDatabase({ url: null, dataDir: `${dataDir}/pg` });
  try {
    await migrate(database.sql);
    await seedDemoData(database.db, { encryptionKey: ENCRYPTION_KEY });
    const [demo] = await database.db.select({ id: clinics.id }).from(clinics)
      .where(eq(clinics.slug, "demo-dental"));
    await database.db.delete(appointments).where(eq(appointments.clinicId, demo.id));
    await database.db.update(clinics).set({ timeZone: noonZone(new Date()) })
      .where(eq(clinics.id, demo.id));
  } finally {
    await database.close();
  }
  return dataDir;
}

const rig: { server?: ServerProcess; browser?: Browser; dataDir?: string } = {};
Deno.test.beforeAll(async () => {
  await buildIslandsIfStale();
  rig.dataDir = await prepareDataDir();
  rig.server = await startServerProcess({ dataDir: rig.dataDir, env: { ENCRYPTION_KEY } });
  rig.browser = await launchBrowser().catch(async (error) => {
    await rig.server?.stop();
    throw error;
  });
});
Deno.test.afterAll(async () => {
  try {
    await rig.browser?.close();
  } finally {
    await rig.server?.stop();
    if (rig.dataDir) await Deno.remove(rig.dataDir, { recursive: true }).catch(() => {});
  }
});

const { app, api, signIn, book, withServerOutput } = serverApi(rig);

Deno.test({
  sanitizeOps: false,
  sanitizeResources: false,
  name:
    "a patient's confirmation moves the visit from unconfirmed to confirmed on the open dashboard",
  async fn() {
    if (!rig.browser) throw new Error("the browser did not start (see beforeAll)");
    const { token, userId } = await signIn(OWNER);
    const { operatories } = await api(token, "GET", "/api/v1/operatories");
    const patient = await api(token, "POST", "/api/v1/patients", { fullName: "Nadia Hussain" });
    const startsAt = new Date(Math.ceil((Date.now() + 3 * 3_600_000) / 900_000) * 900_000);
    const visit = await book(token, {
      patientId: patient.id,
      doctorId: userId,
      operatoryId: operatories[0].id,
      startsAt: startsAt.toISOString(),
      durationMinutes: 30,
      type: "Check-up",
      allowClosed: true,
    });

    const context = await rig.browser.newContext({ viewport: { width: 390, height: 844 } });
    context.setDefaultTimeout(10_000);
    try {
      const page = await context.newPage();
      const stream = page.waitForResponse((r) => r.url().includes("/api/v1/events"));
      await signInWithBrowser(page, app().url, RECEPTION);
      await stream;
      const unconfirmed = `[data-panel="unconfirmed"] [data-appointment="${visit.id}"]`;
      const scheduled = `[data-panel="schedule"] [data-appointment="${visit.id}"]`;
      await page.locator(unconfirmed).waitFor();
      assertEquals(
        await page.locator(`${scheduled} [data-status]`).getAttribute("data-status"),
        "scheduled",
      );
      // Set on this document only: a reload would lose it.
      await page.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));

      const confirm = await generateAppointmentToken(visit.id, "confirm", {
        encryptionKey: ENCRYPTION_KEY,
      });
      await api(null, "POST", "/api/v1/appointments/respond", { token: confirm });

      await page.locator(unconfirmed).waitFor({ state: "detached" });
      const badge = page.locator(`${scheduled} [data-status="confirmed"]`);
      await badge.waitFor();
      assertEquals(await page.evaluate(() => "stillTheSamePage" in globalThis), true);
      // The page had no confirmed visit before: the redraw brought the badge's styles with it.
      const background = await badge.evaluate((el) =>
        getComputedStyle(el.closest("span.rounded-full")!).backgroundColor
      );
      assertEquals(background, "rgb(240, 249, 255)", "sky-50, the confirmed badge");
      assertEquals(
        await page.evaluate(() =>
          document.documentElement.scrollWidth <= document.documentElement.clientWidth
        ),
        true,
        "no horizontal scroll on a phone",
      );
    } catch (error) {
      throw withServerOutput(error);
    } finally {
      await context.close();
    }
  },
});
