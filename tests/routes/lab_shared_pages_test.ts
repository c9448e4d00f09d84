/**
 * The page a lab opens from its shared link: what it shows, what the lab may
 * change through it, and every way a link or a form can be refused.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { clinicFixture, createPatient, userId } from "../lib/appointments/fixtures.ts";
import { createCase, createLab, pngBytes, SECRET } from "../support/lab-fixtures.ts";
import { labCaseEvents, labCaseLinks, labCases } from "../../lib/db/schema.ts";
import { createCaseLink, revokeCaseLink } from "../../lib/lab/shared-links.ts";
import { listPatientRadiology } from "../../lib/radiology/listing.ts";

let ipSequence = 0;
const freshIp = () => `198.51.100.${++ipSequence % 250 + 1}`;

const words = (html: string) =>
  html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/\s+/g, " ");

function formTokenOf(html: string): string {
  const match = html.match(/name="formToken" value="([^"]+)"/);
  assert(match, "the page carries a form token");
  return match[1];
}

function update(app: TestApp, token: string, fields: Record<string, string>, ip = freshIp()) {
  return app.request(`/lab/shared/${token}/update`, {
    method: "POST",
    ip,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

testOnEachDatabase("shared lab link pages", async (t, database) => {
  const { db } = database;
  const step = appSteps(t, database);
  const demo = await clinicFixture(db, "demo-dental");
  const doctorId = await userId(db, "doctor@demo-dental.test");
  const lab = await createLab(db, demo.id, doctorId, { name: "Shared Link Lab" });

  async function sharedCase(path: ("sent_to_lab" | "received_by_lab")[] = ["sent_to_lab"]) {
    const patientId = await createPatient(db, demo.id, "Maryam Tariq");
    const kase = await createCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      patientId,
      labId: lab.id,
      path,
    });
    const link = await createCaseLink(db, SECRET, {
      clinicId: demo.id,
      caseId: kase.id,
      actorId: doctorId,
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
    });
    return { kase, patientId, ...link };
  }
  const statusOf = async (id: string) =>
    (await db.select().from(labCases).where(eq(labCases.id, id)))[0].status;

  await step("the page shows the case as the lab needs it, and no more", async (app) => {
    const { kase, token } = await sharedCase();
    const res = await app.request(`/lab/shared/${token}`, { ip: freshIp() });
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("cache-control"), "no-store");
    const text = words(await res.text());
    assertMatch(text, /Maryam Tariq \(T-\d+\)/);
    assertMatch(text, /Light occlusal contact/);
    assertMatch(text, /Mark received by lab/);
    assert(!text.includes("Cancelled"), "the lab cannot cancel");
    assert(!/\+92|phone/i.test(text), "no phone numbers");
    assertEquals(await statusOf(kase.id), "sent_to_lab");
  });

  await step("the lab moves the case and adds a note, recorded as via shared link", async (app) => {
    const { kase, token } = await sharedCase();
    const page = await (await app.request(`/lab/shared/${token}`, { ip: freshIp() })).text();
    const res = await update(app, token, {
      formToken: formTokenOf(page),
      status: "received_by_lab",
      note: "Impressions received, pouring models",
    });
    assertEquals(res.status, 303);
    assertEquals(await statusOf(kase.id), "received_by_lab");
    const events = await db.select().from(labCaseEvents).where(eq(labCaseEvents.caseId, kase.id));
    const last = events.at(-1)!;
    assertEquals(
      [last.toStatus, last.note, last.actorLabel],
      [
        "received_by_lab",
        "Impressions received, pouring models",
        "Shared Link Lab via shared link",
      ],
    );
  });

  await step("a status outside the lab's part is refused and nothing changes", async (app) => {
    const { kase, token } = await sharedCase();
    const page = await (await app.request(`/lab/shared/${token}`, { ip: freshIp() })).text();
    for (const status of ["cancelled", "delivered", "fitted", "shipped"]) {
      const res = await update(app, token, { formToken: formTokenOf(page), status });
      assertEquals(res.status, 409, status);
      assertMatch(words(await res.text()), /allowed: Received by lab, On hold/);
    }
    assertEquals(await statusOf(kase.id), "sent_to_lab");
  });

  await step("a form without this page's token is refused and nothing changes", async (app) => {
    const { kase, token } = await sharedCase();
    const other = await sharedCase();
    const otherPage = await (await app.request(`/lab/shared/${other.token}`, { ip: freshIp() }))
      .text();
    for (const formToken of ["", "123.abc", formTokenOf(otherPage)]) {
      const res = await update(app, token, { formToken, status: "received_by_lab" });
      assertEquals(res.status, 403, formToken);
    }
    assertEquals(await statusOf(kase.id), "sent_to_lab");
  });

  await step(
    "expired, revoked and tampered links show a clear page and change nothing",
    async (app) => {
      const live = await sharedCase();
      const page = await (await app.request(`/lab/shared/${live.token}`, { ip: freshIp() })).text();
      const formToken = formTokenOf(page);
      await revokeCaseLink(db, {
        clinicId: demo.id,
        caseId: live.kase.id,
        linkId: live.id,
        actorId: doctorId,
      });
      const revoked = await app.request(`/lab/shared/${live.token}`, { ip: freshIp() });
      assertEquals(revoked.status, 410);
      assertMatch(words(await revoked.text()), /This link has been revoked/);
      const late = await update(app, live.token, { formToken, status: "received_by_lab" });
      assertEquals(late.status, 410);
      await late.body?.cancel();

      const expiring = await sharedCase();
      await db.update(labCaseLinks).set({ expiresAt: new Date(Date.now() - 60_000) })
        .where(eq(labCaseLinks.id, expiring.id));
      const expired = await app.request(`/lab/shared/${expiring.token}`, { ip: freshIp() });
      assertEquals(expired.status, 410);
      assertMatch(words(await expired.text()), /This link has expired/);

      const [secret, signature] = expiring.token.split(".");
      for (
        const bad of [`${secret}.${signature.slice(1)}A`, `${secret}x.${signature}`, "nonsense"]
      ) {
        const res = await app.request(`/lab/shared/${bad}`, { ip: freshIp() });
        assertEquals(res.status, 404, bad);
        assertMatch(words(await res.text()), /This link is not valid/);
      }
      assertEquals(await statusOf(live.kase.id), "sent_to_lab");
    },
  );

  await step("one case's link never reaches another case", async (app) => {
    const first = await sharedCase();
    const second = await sharedCase();
    const page = await (await app.request(`/lab/shared/${first.token}`, { ip: freshIp() })).text();
    await update(app, first.token, { formToken: formTokenOf(page), status: "on_hold" });
    assertEquals(await statusOf(first.kase.id), "on_hold");
    assertEquals(await statusOf(second.kase.id), "sent_to_lab");
    const foreignFile = await app.request(
      `/lab/shared/${first.token}/files/${crypto.randomUUID()}`,
      { ip: freshIp() },
    );
    assertEquals(foreignFile.status, 404);
    await foreignFile.body?.cancel();
  });

  await step(
    "a file uploaded through the link reaches the patient's radiology once",
    async (app) => {
      const { token, patientId, kase } = await sharedCase();
      const page = await (await app.request(`/lab/shared/${token}`, { ip: freshIp() })).text();
      const image = pngBytes();
      const send = (formToken: string) =>
        app.request(`/lab/shared/${token}/attachments`, {
          method: "POST",
          ip: freshIp(),
          headers: {
            "x-file-name": encodeURIComponent("prova estética.png"),
            "x-form-token": formToken,
          },
          body: image,
        });
      const refused = await send("bogus");
      assertEquals(refused.status, 403);
      assertEquals((await refused.json()).code, "FORM_EXPIRED");
      assertEquals((await send(formTokenOf(page))).status, 201);
      assertEquals((await send(formTokenOf(page))).status, 200);
      const items = await listPatientRadiology(db, demo.id, patientId);
      assertEquals(items.length, 1);
      assertEquals(items[0].labCase?.id, kase.id);
      const after = words(
        await (await app.request(`/lab/shared/${token}`, { ip: freshIp() })).text(),
      );
      assertMatch(after, /prova estética\.png from you/);
    },
  );

  await step("requests through one link from one address are rate limited", async (app) => {
    const { token } = await sharedCase();
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.request(`/lab/shared/${token}`, { ip });
      statuses.push(res.status);
      await res.body?.cancel();
    }
    assertEquals(statuses, [200, 200, 200, 429]);
    // Another address is not held back by it.
    const other = await app.request(`/lab/shared/${token}`, { ip: freshIp() });
    assertEquals(other.status, 200);
    await other.body?.cancel();
  }, { LAB_LINK_RATE_LIMIT: "3" });
});
