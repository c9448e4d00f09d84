import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import type { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { clinicFixture, createPatient, userId } from "../lib/appointments/fixtures.ts";
import { recordPerioExam } from "../../lib/perio/exams.ts";
import { loadAccess } from "../../lib/permissions/access.ts";
import { PERIO_SITES, PERIO_TEETH } from "../../lib/perio/sites.ts";

const DOCTOR = "doctor@demo-dental.test";
const NURSE = "nurse@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";

async function page(app: TestApp, jar: CookieJar, path: string, status = 200) {
  const res = await app.request(path, { jar });
  assertEquals(res.status, status, path);
  return await res.text();
}

const mouth = (depth: (tooth: string) => number) =>
  PERIO_TEETH.all.flatMap((tooth) =>
    PERIO_SITES.map((site) => ({
      tooth,
      site,
      depth: depth(tooth),
      recession: 0,
      bleeding: false,
      suppuration: false,
      plaque: false,
    }))
  );

testOnEachDatabase("perio pages", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  await clinicFixture(db, "second-smile");
  const patientId = await createPatient(db, demo.id, "Zoya Farooq");
  const doctorId = await userId(db, DOCTOR);
  const access = (await loadAccess(db, doctorId, demo.id))!;
  const before = await recordPerioExam(db, {
    access,
    actorId: doctorId,
    patientId,
    exam: { examinedOn: "2026-05-04", teeth: [], sites: mouth(() => 3) },
  });
  const after = await recordPerioExam(db, {
    access,
    actorId: doctorId,
    patientId,
    exam: {
      examinedOn: "2026-11-30",
      teeth: [{ tooth: "46", missing: false, mobility: 2, furcation: 2 }],
      sites: mouth((tooth) => (tooth === "46" ? 6 : 3)),
    },
  });

  await step("the latest exam with its chart; compared, the worse sites lead", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const html = await page(app, jar, `/patients/${patientId}/perio`);
    assertMatch(html, new RegExp(`data-perio-chart="${after.id}"`));
    assertMatch(html, /Sites ≥ 4 mm[\s\S]*?>6</);
    assertMatch(html, /46<\/strong> · mobility 2 · furcation II/);
    assertMatch(html, /data-perio-site="46:MB" data-depth="6"/);
    const compared = await page(
      app,
      jar,
      `/patients/${patientId}/perio?exam=${after.id}&compare=${before.id}`,
    );
    assertMatch(compared, /data-perio-comparison/);
    const rows = [...compared.matchAll(/data-change="(\d\d:\w+)"/g)].map((m) => m[1]);
    assertEquals(rows.length, 6);
    assert(rows.every((r) => r.startsWith("46:")));
    assertMatch(compared, /\+3 mm/);
    // The chart tab links here.
    const chart = await page(app, jar, `/patients/${patientId}?tab=chart`);
    assertMatch(chart, new RegExp(`href="/patients/${patientId}/perio/new"`));
    // The latest exam's mobility is badged on the odontogram.
    assertMatch(chart, /data-tooth="46"[^]*?data-badge="Mobility 2"/);
  });

  await step("a nurse reads perio but is not offered entry; reception neither", async (app) => {
    const nurse = (await app.login(NURSE)).jar;
    const html = await page(app, nurse, `/patients/${patientId}/perio`);
    assert(!html.includes("/perio/new"));
    await page(app, nurse, `/patients/${patientId}/perio/new`, 403);
    const reception = (await app.login(RECEPTION)).jar;
    await page(app, reception, `/patients/${patientId}/perio`, 403);
  });

  await step("another clinic's owner finds no such patient", async (app) => {
    const { jar } = await app.login(OTHER_OWNER);
    await page(app, jar, `/patients/${patientId}/perio`, 404);
    await page(app, jar, `/patients/${patientId}/perio/new`, 404);
  });

  await step("the entry page carries the island with today's date", async (app) => {
    const { jar } = await app.login(DOCTOR);
    const html = await page(app, jar, `/patients/${patientId}/perio/new`);
    assertMatch(html, /data-perio-entry/);
    assertMatch(html, /Buccal then lingual, arch by arch/);
  });
});
