/**
 * The live toast region on staff pages: rendered (and its script loaded) only
 * for members who can see what it announces, and its text for each capture.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { toastForCapture } from "../../islands/LiveToasts.tsx";

Deno.test("a capture's toast names the patient, or points at the inbox when unassigned", () => {
  assertEquals(toastForCapture("7", { patientId: "p-1", patientName: "Sara Khan" }), {
    id: "7",
    text: "New X-ray: Sara Khan",
    href: "/patients/p-1?tab=radiology",
  });
  assertEquals(toastForCapture("8", { patientId: null, patientName: null }), {
    id: "8",
    text: "New X-ray in Unassigned captures",
    href: "/radiology/inbox",
  });
});

testOnEachDatabase("live toasts on staff pages", async (t, database) => {
  const step = appSteps(t, database);

  await step("members who see X-rays get the toast region and its script", async (app) => {
    for (const email of ["owner@demo-dental.test", "nurse@demo-dental.test"]) {
      const { jar } = await app.login(email);
      const html = await (await app.request("/dashboard", { jar })).text();
      assert(html.includes('data-island="LiveToasts"'), email);
      assert(/src="\/static\/islands\/LiveToasts-[0-9a-f]+\.js"/.test(html), email);
    }
  });

  await step("a member without radiology.view ships no toast code", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    const html = await (await app.request("/dashboard", { jar })).text();
    assert(!html.includes("LiveToasts"));
  });
});
