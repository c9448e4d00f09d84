import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import {
  appSteps,
  TEST_SECRETS,
  type TestApp,
  testOnEachDatabase,
} from "../../../support/test-app.ts";
import type { Db } from "../../../../lib/db/client.ts";
import { activityLog, clinicMembers, clinics, patients, users } from "../../../../lib/db/schema.ts";
import { seedDemoPatients } from "../../../../lib/patients/demo.ts";

const OWNER = "owner@demo-dental.test";
const CONTRACT_KEYS = [
  "address",
  "createdAt",
  "dateOfBirth",
  "email",
  "fullName",
  "gender",
  "id",
  "medicalAlerts",
  "mrn",
  "phone",
  "updatedAt",
  "whatsappPhone",
];

async function clinicIdOf(db: Db, slug: string): Promise<string> {
  return (await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug)))[0].id;
}

async function register(app: TestApp, jar: CookieJar, body: Record<string, unknown>) {
  const res = await app.json("POST", "/api/v1/patients", body, { jar });
  assertEquals(res.status, 201, await res.clone().text());
  return await res.json();
}

async function expectRefusal(res: Response, status: number, code: string, extra = {}) {
  const body = await res.json();
  assertEquals(res.status, status, JSON.stringify(body));
  assertEquals(body.code, code);
  for (const [key, value] of Object.entries(extra)) assertEquals(body[key], value, key);
  return body;
}

/** Switches Demo Dental's WhatsApp module the way a superadmin does. */
async function setWhatsapp(app: TestApp, clinicId: string, enabled: boolean | null) {
  const { body } = await app.login("superadmin@odontox.test");
  const headers = { authorization: `Bearer ${body.accessToken}` };
  const path = `/api/v1/admin/clinics/${clinicId}/modules/whatsapp_api`;
  const res = enabled === null
    ? await app.json("DELETE", path, undefined, { headers })
    : await app.json("PUT", path, { enabled }, { headers });
  assertEquals(res.status, 200, await res.clone().text());
}

testOnEachDatabase("patients API", async (t, database) => {
  const { db } = database;
  const demoId = await clinicIdOf(db, "demo-dental");
  const otherId = await clinicIdOf(db, "second-smile");
  await seedDemoPatients(
    db,
    new Map([["demo-dental", demoId], ["second-smile", otherId]]),
    TEST_SECRETS.ENCRYPTION_KEY,
  );
  const [theirs] = await db.select({ id: patients.id }).from(patients)
    .where(eq(patients.clinicId, otherId)).limit(1);
  const step = appSteps(t, database);

  await step("without a session every route answers 401", async (app) => {
    const id = crypto.randomUUID();
    for (
      const [method, path, body] of [
        ["GET", "/api/v1/patients"],
        ["POST", "/api/v1/patients", { fullName: "Nobody" }],
        ["GET", `/api/v1/patients/${id}`],
        ["PATCH", `/api/v1/patients/${id}`, { fullName: "Nobody" }],
      ] as const
    ) {
      await expectRefusal(await app.json(method, path, body), 401, "UNAUTHENTICATED");
    }
  });

  await step(
    "reception registers a patient and gets 201 with the contract's fields",
    async (app) => {
      const { jar } = await app.login("reception@demo-dental.test");
      const patient = await register(app, jar, {
        fullName: "  Ayesha Bibi  ",
        dateOfBirth: "1990-02-03",
        gender: "female",
        email: "Ayesha.Bibi@Example.com",
        phone: "0300 1234567",
        address: "House 5, Street 9, G-10/2, Islamabad",
      });
      assertEquals(Object.keys(patient).sort(), CONTRACT_KEYS);
      assertMatch(patient.mrn, /^P-\d{6}$/);
      assertEquals(patient.fullName, "Ayesha Bibi");
      assertEquals(patient.dateOfBirth, "1990-02-03");
      assertEquals(patient.email, "ayesha.bibi@example.com");
      assertEquals(patient.phone, "+923001234567");
      assertEquals(patient.whatsappPhone, null);
      assertEquals(patient.medicalAlerts, null);

      const read = await app.json("GET", `/api/v1/patients/${patient.id}`, undefined, { jar });
      assertEquals(read.status, 200);
      assertEquals(await read.json(), patient);
    },
  );

  await step("the phone number is encrypted at rest: no column holds it in plain", async (app) => {
    const { jar } = await app.login(OWNER);
    const patient = await register(app, jar, { fullName: "Rest Check", phone: "0301 7654329" });
    const [row] = await db.select().from(patients).where(eq(patients.id, patient.id));
    for (const [column, value] of Object.entries(row)) {
      const text = String(value);
      assert(!text.includes("7654329"), `${column} holds the number`);
    }
    assertMatch(row.phoneEnc!, /^v1\./);
    const [logged] = await db.select().from(activityLog).where(
      and(eq(activityLog.entityId, patient.id), eq(activityLog.action, "patients.created")),
    );
    assert(!JSON.stringify(logged.details).includes("7654329"));
  });

  await step("the list searches names, MRNs and numbers, a page at a time", async (app) => {
    const { jar } = await app.login(OWNER);
    const list = async (query: string) => {
      const res = await app.json("GET", `/api/v1/patients${query}`, undefined, { jar });
      assertEquals(res.status, 200, await res.clone().text());
      return await res.json();
    };
    const first = await list("");
    assert(first.total >= 42, `total ${first.total}`);
    assertEquals(first.patients.length, 25, "25 a page by default");
    const next = await list("?limit=25&offset=25");
    assertEquals(next.total, first.total);
    const ids = new Set([...first.patients, ...next.patients].map((p: { id: string }) => p.id));
    assertEquals(ids.size, first.patients.length + next.patients.length, "pages do not overlap");

    const byName = await list("?q=ZAHRA");
    assertEquals(byName.patients.map((p: { fullName: string }) => p.fullName), [
      "Fatima Zahra Qureshi",
    ]);
    const byMrn = await list(`?q=${byName.patients[0].mrn}`);
    assertEquals(byMrn.patients.map((p: { id: string }) => p.id), [byName.patients[0].id]);
    const byPhone = await list(`?q=${encodeURIComponent("+92 321 7784512")}`);
    assertEquals(byPhone.patients.map((p: { id: string }) => p.id), [byName.patients[0].id]);
    assertEquals((await list("?q=nobody-by-this-name")).total, 0);
    const all = await list("?limit=100");
    assert(
      !all.patients.some((p: { id: string }) => p.id === theirs.id),
      "no other clinic's patient",
    );

    for (const bad of ["?limit=0", "?limit=101", "?limit=ten", "?offset=-1", "?page=2"]) {
      const res = await app.json("GET", `/api/v1/patients${bad}`, undefined, { jar });
      await expectRefusal(res, 400, "VALIDATION_FAILED");
    }
  });

  await step("another clinic's patient, or an id that is no id, answers 404", async (app) => {
    const { jar } = await app.login(OWNER);
    for (const id of [theirs.id, crypto.randomUUID(), "not-a-uuid", "1"]) {
      await expectRefusal(
        await app.json("GET", `/api/v1/patients/${id}`, undefined, { jar }),
        404,
        "NOT_FOUND",
      );
      await expectRefusal(
        await app.json("PATCH", `/api/v1/patients/${id}`, { fullName: "Taken Over" }, { jar }),
        404,
        "NOT_FOUND",
      );
    }
    const [still] = await db.select().from(patients).where(eq(patients.id, theirs.id));
    assert(still.fullName !== "Taken Over");
  });

  await step("each role meets exactly the permission it lacks", async (app) => {
    const owner = (await app.login(OWNER)).jar;
    const patient = await register(app, owner, { fullName: "Permission Probe" });
    const path = `/api/v1/patients/${patient.id}`;

    const nurse = (await app.login("nurse@demo-dental.test")).jar;
    assertEquals((await app.json("GET", path, undefined, { jar: nurse })).status, 200);
    await expectRefusal(
      await app.json("POST", "/api/v1/patients", { fullName: "By Nurse" }, { jar: nurse }),
      403,
      "FORBIDDEN",
      { permission: "patients.create" },
    );
    await expectRefusal(
      await app.json("PATCH", path, { fullName: "By Nurse" }, { jar: nurse }),
      403,
      "FORBIDDEN",
      { permission: "patients.edit" },
    );

    const doctor = (await app.login("doctor@demo-dental.test")).jar;
    await expectRefusal(
      await app.json("PATCH", path, { phone: "0300 1112223" }, { jar: doctor }),
      403,
      "FORBIDDEN",
      { permission: "patients.contact.edit" },
    );
    const alerted = await app.json("PATCH", path, { medicalAlerts: "Penicillin" }, { jar: doctor });
    assertEquals((await alerted.json()).medicalAlerts, "Penicillin");

    const reception = (await app.login("reception@demo-dental.test")).jar;
    await expectRefusal(
      await app.json("PATCH", path, { medicalAlerts: "None" }, { jar: reception }),
      403,
      "FORBIDDEN",
      { permission: "patients.alerts.edit" },
    );
    const phoned = await app.json("PATCH", path, { phone: "0300 1112223" }, { jar: reception });
    assertEquals(phoned.status, 200);
    assertEquals((await phoned.json()).phone, "+923001112223");

    const entries = await db.select().from(activityLog)
      .where(and(eq(activityLog.entityId, patient.id), eq(activityLog.action, "patients.updated")))
      .orderBy(activityLog.id);
    assertEquals(entries.map((e) => e.details.fields), [["medicalAlerts"], ["phone"]]);
  });

  await step("members without patients.contact.view get null numbers", async (app) => {
    const owner = (await app.login(OWNER)).jar;
    const patient = await register(app, owner, {
      fullName: "Hidden Number",
      phone: "0300 9090901",
    });
    const [nurse] = await db.select({ id: clinicMembers.id }).from(clinicMembers)
      .innerJoin(users, eq(users.id, clinicMembers.userId))
      .where(eq(users.email, "nurse@demo-dental.test"));
    await db.update(clinicMembers).set({ permissionsOverride: ["patients.view"] })
      .where(eq(clinicMembers.id, nurse.id));
    try {
      const { jar } = await app.login("nurse@demo-dental.test");
      const res = await app.json("GET", `/api/v1/patients/${patient.id}`, undefined, { jar });
      const body = await res.json();
      assertEquals([res.status, body.phone, body.fullName], [200, null, "Hidden Number"]);
      const text = JSON.stringify(body);
      assert(!text.includes("9090901") && !text.includes("v1."), "neither plain nor sealed");
      const search = await app.json("GET", "/api/v1/patients?q=0300%209090901", undefined, { jar });
      assertEquals((await search.json()).total, 0, "no search by a number they may not see");
    } finally {
      await db.update(clinicMembers).set({ permissionsOverride: null })
        .where(eq(clinicMembers.id, nurse.id));
    }
  });

  await step("the WhatsApp number exists only while the clinic has WhatsApp", async (app) => {
    const { jar } = await app.login(OWNER);
    const body = {
      fullName: "Whatsapp Abroad",
      phone: "0300 1234567",
      whatsappPhone: "+447400123456",
    };
    await expectRefusal(
      await app.json("POST", "/api/v1/patients", body, { jar }),
      403,
      "MODULE_DISABLED",
      { module: "whatsapp_api" },
    );
    await setWhatsapp(app, demoId, true);
    try {
      const owner = (await app.login(OWNER)).jar;
      const patient = await register(app, owner, body);
      assertEquals([patient.phone, patient.whatsappPhone], ["+923001234567", "+447400123456"]);
      const changed = await app.json("PATCH", `/api/v1/patients/${patient.id}`, {
        whatsappPhone: "0345 1234567",
      }, { jar: owner });
      assertEquals((await changed.json()).whatsappPhone, "+923451234567");

      await setWhatsapp(app, demoId, null);
      const later = (await app.login(OWNER)).jar;
      const read = await app.json("GET", `/api/v1/patients/${patient.id}`, undefined, {
        jar: later,
      });
      assertEquals((await read.json()).whatsappPhone, null, "hidden once WhatsApp is off");
    } finally {
      await setWhatsapp(app, demoId, null);
    }
  });

  await step("malformed bodies answer 415 or 400 naming the field", async (app) => {
    const { jar } = await app.login(OWNER);
    const patient = await register(app, jar, { fullName: "Body Check" });
    const post = (body: unknown, headers?: Record<string, string>) =>
      app.json("POST", "/api/v1/patients", body, { jar, headers });
    await expectRefusal(
      await post("fullName=x", { "content-type": "application/x-www-form-urlencoded" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    assertEquals((await post("{not json")).status, 400);
    const cases: [unknown, RegExp][] = [
      [{}, /fullName/],
      [{ fullName: "   " }, /fullName/],
      [{ fullName: "A", phone: "12345" }, /^phone: not a valid phone number/],
      [{ fullName: "A", phone: "0300 123456" }, /^phone: /],
      [{ fullName: "A", dateOfBirth: "1990-02-30" }, /^dateOfBirth: /],
      [{ fullName: "A", dateOfBirth: "2999-01-01" }, /^dateOfBirth: /],
      [{ fullName: "A", gender: "robot" }, /^gender: /],
      [{ fullName: "A", email: "not-an-email" }, /^email: /],
      [{ fullName: "A", mrn: "P-000001" }, /mrn/],
      [{ fullName: "A", medicalAlerts: "x".repeat(2001) }, /^medicalAlerts: /],
      [{ fullName: 42 }, /^fullName: /],
      [[], /./],
    ];
    for (const [body, message] of cases) {
      const refused = await expectRefusal(await post(body), 400, "VALIDATION_FAILED");
      assertMatch(refused.error, message, JSON.stringify(body));
    }
    const patch = (body: unknown) =>
      app.json("PATCH", `/api/v1/patients/${patient.id}`, body, { jar });
    await expectRefusal(await patch({}), 400, "VALIDATION_FAILED");
    await expectRefusal(await patch({ id: crypto.randomUUID() }), 400, "VALIDATION_FAILED");
    await expectRefusal(await patch({ phone: "0300" }), 400, "VALIDATION_FAILED");
    const cleared = await patch({ email: "", address: null, phone: "" });
    assertEquals(cleared.status, 200);
  });
});
