/**
 * Live X-ray toasts in Chromium against the real server:
 * a capture the bridge API accepts shows a toast on a signed-in Demo Dental
 * dashboard within a second, while a tab of another clinic's owner shows
 * nothing; and a page whose stream drops while a capture arrives gets the
 * toast after reconnecting with its last event id.
 *
 * Streams last 8 s here instead of 60, so the page also reconnects (at 3 s)
 * during the tests: a toast must survive that too.
 */
import type { BrowserContext, Page } from "playwright-core";
import { assertEquals, assertMatch } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";

const rig = shareServerAndBrowser({ env: { EVENTS_STREAM_SECONDS: "8" } });

const E2E = { sanitizeOps: false, sanitizeResources: false };

const { app, api, signIn } = serverApi(rig);

interface Device {
  apiKey: string;
  patients: { id: string; mrn: string; fullName: string }[];
}

/** A bridge device named for the test, whose file names carry the patient's MRN. */
async function registerDevice(email: string): Promise<Device> {
  const { token } = await signIn(email);
  const { operatories } = await api(token, "GET", "/api/v1/operatories");
  const { apiKey } = await api(token, "POST", "/api/v1/bridge/devices", {
    name: `Live toast test ${crypto.randomUUID().slice(0, 8)}`,
    operatoryId: operatories[0].id,
    filenamePattern: "{mrn}_{any}",
  });
  const { patients } = await api(token, "GET", "/api/v1/patients?limit=5");
  return { apiKey, patients };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Uploads a small JPEG-looking file as the bridge would; resolves when the server accepted it. */
async function postCapture(
  device: Device,
  mrn: string,
): Promise<{ id: string; patientId: string }> {
  const body = new Uint8Array(2048);
  crypto.getRandomValues(body);
  body.set([0xff, 0xd8, 0xff, 0xe0]);
  const response = await fetch(`${app().url}/api/v1/bridge/captures`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${device.apiKey}`,
      "content-type": "application/octet-stream",
      "x-file-name": `${mrn}_bitewing.jpg`,
      "x-captured-at": new Date().toISOString(),
      "x-content-sha256": await sha256Hex(body),
    },
    body,
  });
  const json = await response.json();
  assertEquals(response.status, 201, JSON.stringify(json));
  assertEquals(json.status, "assigned");
  return json;
}

async function enableBridgeForSecondSmile(): Promise<void> {
  const { token } = await signIn("superadmin@odontox.test");
  const { clinics } = await api(token, "GET", "/api/v1/admin/clinics");
  const second = clinics.find((c: { slug: string }) => c.slug === "second-smile");
  await api(token, "PUT", `/api/v1/admin/clinics/${second.id}/modules/bridge`, { enabled: true });
}

/** A signed-in dashboard whose live stream is open. */
async function dashboardOf(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  const streamOpen = page.waitForResponse((r) =>
    new URL(r.url()).pathname === "/api/v1/events" && r.status() === 200
  );
  await signInWithBrowser(page, app().url, email);
  await streamOpen;
  return page;
}

const toasts = (page: Page) => page.locator("[data-live-toasts] [data-toast]");

Deno.test({
  name: "a new capture toasts on the clinic's dashboard within a second, and only there",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const demoDevice = await registerDevice("owner@demo-dental.test");
    await enableBridgeForSecondSmile();
    const secondDevice = await registerDevice("owner@second-smile.test");

    const demoContext = await rig.browser.newContext({ viewport: { width: 1366, height: 860 } });
    const secondContext = await rig.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const demo = await dashboardOf(demoContext, "owner@demo-dental.test");
      const second = await dashboardOf(secondContext, "owner@second-smile.test");

      const patient = demoDevice.patients[0];
      const capture = await postCapture(demoDevice, patient.mrn);
      const toast = toasts(demo).filter({ hasText: `New X-ray: ${patient.fullName}` });
      // Counted from the moment the server's 201 reached the test.
      await toast.waitFor({ state: "visible", timeout: 1_000 });
      assertEquals(capture.patientId, patient.id);
      assertEquals(
        await toast.getByRole("link").getAttribute("href"),
        `/patients/${patient.id}?tab=radiology`,
      );
      assertEquals(await demo.locator("[data-live-toasts]").getAttribute("role"), "status");

      // The other clinic's tab is live (its own capture toasts there) but never showed Demo's.
      const theirs = secondDevice.patients[0];
      await postCapture(secondDevice, theirs.mrn);
      await toasts(second).filter({ hasText: `New X-ray: ${theirs.fullName}` })
        .waitFor({ state: "visible", timeout: 2_000 });
      assertEquals(await toasts(second).count(), 1);
      assertEquals(await toasts(second).filter({ hasText: patient.fullName }).count(), 0);
      assertEquals(await toasts(demo).filter({ hasText: theirs.fullName }).count(), 0);

      // Dismissed by its button.
      await toast.getByRole("button", { name: "Dismiss notification" }).click();
      await toast.waitFor({ state: "detached", timeout: 1_000 });
    } finally {
      await demoContext.close();
      await secondContext.close();
    }
  },
});

Deno.test({
  name: "a capture that arrives while the stream is down toasts after the reconnect, once",
  ...E2E,
  async fn() {
    if (!rig.browser || !rig.server) throw new Error("the server or browser did not start");
    const device = await registerDevice("owner@demo-dental.test");
    const [first, second] = device.patients;
    const context = await rig.browser.newContext({ viewport: { width: 1366, height: 860 } });
    try {
      const page = await dashboardOf(context, "owner@demo-dental.test");
      // Every toast ever shown, in order, to tell a replayed duplicate from a dismissed one.
      await page.evaluate(() => {
        const log: string[] = [];
        Object.assign(globalThis, { toastLog: log });
        new MutationObserver((records) => {
          for (const record of records) {
            for (const node of record.addedNodes) {
              if (node instanceof HTMLElement && node.matches("[data-toast]")) {
                log.push(node.textContent ?? "");
              }
            }
          }
        }).observe(document.querySelector("[data-live-toasts]")!, { childList: true });
      });
      const streamUrls: string[] = [];
      page.on("response", (r) => {
        if (new URL(r.url()).pathname === "/api/v1/events") streamUrls.push(r.url());
      });

      await postCapture(device, first.mrn);
      await toasts(page).filter({ hasText: first.fullName }).waitFor({ timeout: 2_000 });

      // The next reconnect fails: the page is without a stream while the capture lands.
      await page.route("**/api/v1/events**", (route) => route.abort("connectionreset"));
      await page.waitForEvent("requestfailed", {
        predicate: (r) => new URL(r.url()).pathname === "/api/v1/events",
        timeout: 10_000,
      });
      await postCapture(device, second.mrn);
      await page.unroute("**/api/v1/events**");

      await toasts(page).filter({ hasText: second.fullName }).waitFor({ timeout: 10_000 });
      const resumed = new URL(streamUrls.at(-1)!);
      assertMatch(resumed.searchParams.get("lastEventId") ?? "", /^\d+$/);
      // The toasts also follow patients' answers to appointment emails and labs' case updates.
      assertEquals(
        resumed.searchParams.get("types"),
        "appointment.changed,lab.case.updated,xray.captured",
      );
      const shown = await page.evaluate(() =>
        (globalThis as unknown as { toastLog: string[] }).toastLog
      );
      assertEquals(shown.map((text) => text.replace(/×$/, "")), [
        `New X-ray: ${first.fullName}`,
        `New X-ray: ${second.fullName}`,
      ]);
    } finally {
      await context.close();
    }
  },
});
