/** Settings → Chart colours: the clinic's odontogram palette, who may change it, and its effect. */
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import { readSection } from "../../lib/settings/sections.ts";
import { clinicFixture, createPatient } from "../lib/appointments/fixtures.ts";

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

const CHANGED = {
  conditionColor: "#B91C1C",
  existingColor: "#475569",
  plannedColor: "#ea580c",
  completedColor: "#1d4ed8",
};

testOnEachDatabase("chart colour settings", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const other = await clinicFixture(db, "second-smile");
  const patient = await createPatient(db, demo.id, "Colour Chart Patient");
  const theirPatient = await createPatient(db, other.id, "Their Chart Patient");

  await step("the owner sees the convention's colours to start with", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const hub = await (await app.request("/settings", { jar })).text();
    assert(hub.includes('href="/settings/chart"'), "a hub card");
    const html = await (await app.request("/settings/chart", { jar })).text();
    assertMatch(html, /<input[^>]*type="color"[^>]*name="conditionColor"[^>]*value="#dc2626"/);
    assertEquals((html.match(/type="color"/g) ?? []).length, 4);
  });

  await step("a colour that is not one is refused and nothing changes", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/settings/chart", {
      jar,
      ...form({ ...CHANGED, conditionColor: "red" }),
    });
    assertEquals(res.status, 400);
    assertMatch(await res.text(), /Conditions: a colour like #dc2626/);
    assertEquals((await readSection(db, demo.id, "chart")).updatedAt, null);
  });

  await step("saved colours draw this clinic's chart, and no other", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request("/settings/chart", { jar, ...form(CHANGED) });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/settings/chart?notice=saved");
    assertEquals((await readSection(db, demo.id, "chart")).values.conditionColor, "#b91c1c");
    const chart = await (await app.request(`/patients/${patient}?tab=chart`, { jar })).text();
    assert(chart.includes("#b91c1c") && chart.includes("#ea580c"), "the legend uses them");
    assert(!chart.includes("#dc2626"), "the default red is gone");

    const theirs = (await app.login("owner@second-smile.test")).jar;
    const their = await (await app.request(`/patients/${theirPatient}?tab=chart`, {
      jar: theirs,
    })).text();
    assert(their.includes("#dc2626") && !their.includes("#b91c1c"), "Second Smile keeps red");
  });

  await step("reception and doctors may not open or change it", async (app) => {
    for (const email of ["reception@demo-dental.test", "doctor@demo-dental.test"]) {
      const { jar } = await app.login(email);
      const page = await app.request("/settings/chart", { jar });
      assertEquals(page.status, 403, email);
      await page.body?.cancel();
      const post = await app.request("/settings/chart", { jar, ...form(CHANGED) });
      assertEquals(post.status, 403, email);
      await post.body?.cancel();
    }
    const anonymous = await app.request("/settings/chart");
    assertEquals(anonymous.status, 303);
    await anonymous.body?.cancel();
  });
});
