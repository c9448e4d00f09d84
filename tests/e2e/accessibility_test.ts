/**
 * axe-core on the main pages, at a desktop (1366×900) and a phone (390×844)
 * width, for a few roles and signed out: no violation of impact "serious" or
 * "critical" (contrast, names, labels, landmarks…). axe's own source comes
 * from its npm package on disk; nothing is fetched.
 */
import type { AxeResults } from "axe-core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { assert, assertEquals } from "../support/assert.ts";
import { shareServerAndBrowser, signInWithBrowser, trackRequests } from "../support/browser.ts";
import { serverApi } from "../support/e2e-api.ts";
import { mapConcurrently, PAGES_AT_ONCE } from "../support/map-concurrently.ts";
import { generateAppointmentToken } from "../../lib/appointment-tokens.ts";
import { portalInviteLink } from "../support/portal-mailbox.ts";
import { DEMO_PORTAL_EMAIL } from "../../lib/portal/demo-seed.ts";

// The static import above is type-only; this one puts the package in the module graph, so
// Deno has it on disk before its file is read.
import "axe-core";
import { SERVER_ENCRYPTION_KEY } from "../support/server-process.ts";

const AXE_SOURCE = await Deno.readTextFile(new URL(import.meta.resolve("axe-core")));

const ENCRYPTION_KEY = SERVER_ENCRYPTION_KEY;
// The servers' default key: their database is a copy of the seeded one made with it.
const rig = shareServerAndBrowser();
const { app, api, signIn, book } = serverApi(rig);

const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

const SEVERE = new Set(["serious", "critical"]);

/** Runs axe on the page as it stands; one line per serious or critical violation. */
async function severeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(() =>
    // deno-lint-ignore no-explicit-any
    (globalThis as any).axe.run(document, { resultTypes: ["violations"] })
  ) as AxeResults;
  return results.violations
    .filter((violation) => SEVERE.has(violation.impact ?? ""))
    .map((violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n      ${
        violation.nodes.map((node) => node.target.join(" ")).join("\n      ")
      }`
    );
}

/** A patient and a visit of Demo Dental to open, booked through the API. */
async function fixtures() {
  const { token, userId } = await signIn("owner@demo-dental.test");
  const patient = await api(token, "POST", "/api/v1/patients", {
    fullName: "Zainab Akhtar",
    email: "zainab.akhtar@example.com",
  });
  const { operatories } = await api(token, "GET", "/api/v1/operatories");
  const appointment = await book(token, {
    patientId: patient.id,
    doctorId: userId,
    operatoryId: operatories[0].id,
    // A Wednesday far from the demo book, in opening hours.
    startsAt: "2030-10-09T10:00:00+05:00",
    durationMinutes: 30,
    type: "Check-up",
  });
  // The AI reports module (Pro+), so the Ruby report page and the action items are checked too.
  const { clinic } = await api(token, "GET", "/api/v1/me");
  const admin = await signIn("superadmin@odontox.test");
  await api(admin.token, "PUT", `/api/v1/admin/clinics/${clinic.id}/modules/ai_reports`, {
    enabled: true,
  });
  const respondToken = await generateAppointmentToken(appointment.id, "confirm", {
    encryptionKey: ENCRYPTION_KEY,
  });
  const { code: referralCode } = await api(token, "GET", "/api/v1/referrals");
  await api(token, "POST", "/api/v1/patient-invitations", { patientId: patient.id });
  const portalInvite = await portalInviteLink(app().url, token, "zainab.akhtar@example.com");
  return {
    patientId: patient.id as string,
    appointmentId: appointment.id as string,
    respondToken,
    referralCode: referralCode as string,
    portalInvite,
  };
}

/** The demo patient, who signs in to the patient portal rather than the staff app. */
const PATIENT = `patient:${DEMO_PORTAL_EMAIL}`;

async function signInAsPatient(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/portal/login`);
  await page.locator("#email").fill(DEMO_PORTAL_EMAIL);
  await page.locator("#password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/portal");
}

interface Visit {
  who: string | null;
  paths: string[];
}

function visits(f: Awaited<ReturnType<typeof fixtures>>): Visit[] {
  return [
    {
      who: null,
      paths: [
        "/login",
        `/appointment/respond?token=${encodeURIComponent(f.respondToken)}`,
        `/refer/${f.referralCode}`,
        "/portal/login",
        f.portalInvite,
        "/signup",
      ],
    },
    { who: PATIENT, paths: ["/portal", "/portal/profile"] },
    {
      who: "owner@demo-dental.test",
      paths: [
        "/dashboard",
        "/calendar?view=week&date=2030-10-09",
        "/calendar?view=month&date=2030-10-09",
        "/patients",
        "/patients/new",
        "/billing",
        "/billing/invoices/new",
        `/patients/${f.patientId}`,
        `/patients/${f.patientId}?tab=chart`,
        `/patients/${f.patientId}?tab=chart&dentition=mixed`,
        `/patients/${f.patientId}/perio`,
        `/patients/${f.patientId}/perio/new`,
        `/appointments/${f.appointmentId}`,
        "/staff",
        "/settings",
        "/settings/permission-templates",
        "/settings/logo",
        "/settings/contact",
        "/settings/working-hours",
        "/radiology",
        "/inventory/consumables",
        "/referrals",
        "/reports",
      ],
    },
    {
      who: "doctor@demo-dental.test",
      paths: ["/dashboard", "/calendar?view=week&date=2030-10-09", `/patients/${f.patientId}`],
    },
    {
      who: "reception@demo-dental.test",
      paths: ["/dashboard", "/patients", `/appointments/${f.appointmentId}`, "/settings"],
    },
    {
      who: "superadmin@odontox.test",
      paths: [
        "/admin",
        "/admin/clinics",
        "/admin/revenue",
        "/admin/plans",
        "/admin/invoices",
        "/admin/users",
        "/admin/dicom-usage",
        "/admin/errors",
        "/admin/applications",
      ],
    },
    // A trial clinic: its owner sees the trial badge and the onboarding checklist.
    { who: "owner@second-smile.test", paths: ["/dashboard"] },
  ];
}

/** One account at one width: a browser context of its own, signed in once for all its pages. */
interface Session {
  who: string | null;
  viewport: (typeof VIEWPORTS)[number];
}

async function openSession(browser: Browser, { who, viewport }: Session) {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
  });
  context.setDefaultTimeout(15_000);
  try {
    const page = await context.newPage();
    if (who === PATIENT) await signInAsPatient(page, app().url);
    else if (who) await signInWithBrowser(page, app().url, who);
    await page.close();
    return context;
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * A worker's tab, kept while its pages belong to one session: a new tab for every page would
 * compile axe and the app's scripts afresh, in a renderer of its own.
 */
interface Tab {
  session: Session;
  page: Page;
  requests: ReturnType<typeof trackRequests>;
}

/** Loads the page in the tab; one line per serious or critical violation. */
async function checkPage({ session, page, requests }: Tab, path: string) {
  const response = await page.goto(`${app().url}${path}`);
  assertEquals(response?.status(), 200, "status");
  await requests.quiet();
  // On a phone the navigation sits in a menu: open it, so its links are checked too.
  const menu = page.locator("summary").filter({
    has: page.locator(".sr-only", { hasText: "Menu" }),
  });
  if (session.viewport.name === "phone" && await menu.count()) {
    await menu.click();
    assert(await page.locator('details[open] nav[aria-label="Main"]').isVisible());
  }
  return await severeViolations(page);
}

const where = ({ session, path }: { session: Session; path: string }) =>
  `${session.who ?? "signed out"} ${session.viewport.name} ${path}`;

Deno.test({
  name: "axe finds no serious or critical violation on the main pages, on desktop and phone",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const browser = rig.browser;
    if (!browser) throw new Error("the browser did not start (see beforeAll)");
    const pages = visits(await fixtures()).flatMap(({ who, paths }) =>
      VIEWPORTS.flatMap((viewport) => {
        const session = { who, viewport };
        return paths.map((path) => ({ session, path }));
      })
    );
    // Each page is its own piece of work, so the owner's long list is shared out rather than
    // left running alone at the end; the tabs of a session share its sign-in and its cache.
    const sessions = new Map<Session, Promise<BrowserContext>>();
    const tabs: Tab[] = [];
    const tabFor = async (session: Session, worker: number) => {
      if (tabs[worker]?.session === session) return tabs[worker];
      await tabs[worker]?.page.close();
      if (!sessions.has(session)) sessions.set(session, openSession(browser, session));
      const page = await (await sessions.get(session)!).newPage();
      return tabs[worker] = { session, page, requests: trackRequests(page) };
    };
    try {
      const found = await mapConcurrently(
        pages,
        PAGES_AT_ONCE,
        async ({ session, path }, worker) => checkPage(await tabFor(session, worker), path),
        where,
      );
      assert(found.length >= 30, `checked ${found.length} pages`);
      const lines = pages.flatMap((page, i) => found[i].map((line) => `${where(page)}\n  ${line}`));
      assertEquals(lines, [], `axe found:\n${lines.join("\n")}`);
    } finally {
      for (const context of sessions.values()) await context.then((c) => c.close(), () => {});
    }
  },
});
