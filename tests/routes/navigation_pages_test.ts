/**
 * The navigation offers exactly the pages that open: for every demo account,
 * each linked entry of the clinic navigation is shown if and only if its
 * page answers 200 rather than 403.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { CLINIC_NAVIGATION } from "../../components/navigation.ts";

const CLINIC_ACCOUNTS = [
  "owner@demo-dental.test",
  "doctor@demo-dental.test",
  "nurse@demo-dental.test",
  "reception@demo-dental.test",
  "owner@second-smile.test",
];

const LINKED = CLINIC_NAVIGATION.flatMap((section) => section.items)
  .map((item) => item.href)
  .filter((href): href is string => href !== undefined);

/** The hrefs of the desktop navigation on a rendered page. */
function navLinks(html: string): Set<string> {
  const nav = html.match(/<nav aria-label="Main"[\s\S]*?<\/nav>/)?.[0] ?? "";
  return new Set([...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]));
}

testOnEachDatabase("navigation", async (t, database) => {
  const step = appSteps(t, database);

  for (const email of CLINIC_ACCOUNTS) {
    await step(`${email} is offered exactly the pages that open for them`, async (app) => {
      const { jar } = await app.login(email);
      const offered = navLinks(await (await app.request("/dashboard", { jar })).text());
      assert(offered.has("/dashboard"), "the navigation is on the page");
      for (const href of LINKED) {
        const res = await app.request(href, { jar });
        await res.body?.cancel();
        assertEquals(res.status, offered.has(href) ? 200 : 403, `${href} for ${email}`);
      }
    });
  }

  await step(
    "a nurse's Bridge devices page does not point back to a Settings hub it cannot open",
    async (
      app,
    ) => {
      const { jar } = await app.login("nurse@demo-dental.test");
      const res = await app.request("/settings/bridge-devices", { jar });
      assertEquals(res.status, 200);
      const html = await res.text();
      assert(!html.includes('href="/settings"'), "no link to /settings");
      assert(
        /href="\/settings\/bridge-devices" aria-current="page"/.test(html),
        "its own entry is current",
      );
      assertEquals((await app.request("/settings", { jar })).status, 403);
    },
  );
});
