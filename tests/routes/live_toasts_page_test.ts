/**
 * The live toast region on staff pages: rendered (and its script loaded) only
 * for members who can see what it announces, and its text for each capture.
 */
import { assert, assertEquals } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { toastForCapture, toastForLabCase } from "../../islands/LiveToasts.tsx";
import { eq } from "drizzle-orm";
import { clinics, roleTemplates } from "../../lib/db/schema.ts";

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

Deno.test("a lab's update through its link names the case and its new status", () => {
  const data = {
    caseId: "c-1",
    caseNumber: "LC-0007",
    status: "shipped" as const,
    statusLabel: "Shipped",
    patientId: "p-1",
    patientName: "Sara Khan",
    appointmentId: null,
    change: "status" as const,
    by: "lab" as const,
    actor: "Precision Dental Lab via shared link",
  };
  assertEquals(toastForLabCase("9", data), {
    id: "9",
    text: "LC-0007 (Sara Khan): Shipped — Precision Dental Lab via shared link",
    href: "/lab/cases/c-1",
  });
  // Staff see their own changes where they make them.
  assertEquals(toastForLabCase("10", { ...data, by: "staff", actor: "Dr. Omar" }), null);
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

  await step(
    "reception, who sees lab cases, gets the toast region for lab updates",
    async (app) => {
      const { jar } = await app.login("reception@demo-dental.test");
      const html = await (await app.request("/dashboard", { jar })).text();
      assert(html.includes('data-island="LiveToasts"'));
    },
  );

  await step("a member who sees neither X-rays nor lab cases ships no toast code", async (app) => {
    const [demo] = await database.db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
    await database.db.insert(roleTemplates).values({
      clinicId: demo.id,
      role: "reception",
      permissions: ["appointments.view", "patients.view"],
    });
    try {
      const { jar } = await app.login("reception@demo-dental.test");
      const html = await (await app.request("/dashboard", { jar })).text();
      assert(!html.includes("LiveToasts"));
    } finally {
      await database.db.delete(roleTemplates).where(eq(roleTemplates.clinicId, demo.id));
    }
  });
});
