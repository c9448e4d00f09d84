/**
 * The WhatsApp pages: the module and permission guards, the connection form
 * (secrets masked, never echoed, even after a refused save), the inbox's
 * unread counts, and replies inside and outside the 24-hour window.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { GraphStandIn } from "../support/graph-stand-in.ts";
import { whatsappMessages } from "../../lib/db/schema.ts";
import { encryptPhi, phiIndex } from "../../lib/crypto/phi.ts";
import { backgroundIdle } from "../../lib/whatsapp/background.ts";
import { TEST_SECRETS } from "../support/test-app.ts";
import { createPatient } from "../lib/appointments/fixtures.ts";
import {
  clinicIdOf,
  DEMO_CREDENTIALS,
  resetWhatsapp,
  setModule,
} from "../lib/whatsapp/fixtures.ts";

const OWNER = "owner@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";

async function page(app: TestApp, email: string, path: string, form?: Record<string, string>) {
  const { jar } = await app.login(email);
  const res = await app.request(
    path,
    form ? { method: "POST", body: new URLSearchParams(form), jar } : { jar },
  );
  return { status: res.status, location: res.headers.get("location"), html: await res.text() };
}

testOnEachDatabase("WhatsApp pages", async (t, database) => {
  const { db } = database;
  const standIn = new GraphStandIn();
  standIn.tokens.set(DEMO_CREDENTIALS.phoneNumberId, DEMO_CREDENTIALS.accessToken);
  const base = appSteps(t, database);
  const step = (name: string, fn: (app: TestApp) => Promise<void>) =>
    base(name, fn, { WHATSAPP_GRAPH_BASE_URL: standIn.baseUrl });
  const demo = await clinicIdOf(db, "demo-dental");
  const second = await clinicIdOf(db, "second-smile");
  const key = TEST_SECRETS.ENCRYPTION_KEY;

  try {
    await step("without the module every WhatsApp page is refused", async (app) => {
      await resetWhatsapp(db, demo);
      assertEquals((await page(app, OWNER, "/settings/whatsapp")).status, 403);
      assertEquals((await page(app, RECEPTION, "/whatsapp")).status, 403);
      const nav = (await page(app, RECEPTION, "/dashboard")).html;
      assert(!nav.includes('href="/whatsapp"'), "no WhatsApp entry without the module");
    });

    await step("reception reads the inbox but not the connection", async (app) => {
      await setModule(db, demo, true);
      assertEquals((await page(app, RECEPTION, "/settings/whatsapp")).status, 403);
      assertEquals((await page(app, RECEPTION, "/settings/whatsapp/messages")).status, 403);
      const inbox = await page(app, RECEPTION, "/whatsapp");
      assertEquals(inbox.status, 200);
      assertMatch(inbox.html, /No WhatsApp number is connected/);
      assertMatch(inbox.html, /href="\/whatsapp"/);
    });

    await step("the connection form masks secrets and never echoes a typed one", async (app) => {
      const refused = await page(app, OWNER, "/settings/whatsapp", {
        ...DEMO_CREDENTIALS,
        phoneNumberId: "12ab",
        businessAccountId: "",
      });
      assertEquals(refused.status, 400);
      assertMatch(refused.html, /digits only/);
      assert(!refused.html.includes(DEMO_CREDENTIALS.accessToken), "typed token not echoed");
      assert(!refused.html.includes(DEMO_CREDENTIALS.appSecret), "typed secret not echoed");

      const saved = await page(app, OWNER, "/settings/whatsapp", {
        ...DEMO_CREDENTIALS,
        businessAccountId: "",
      });
      assertEquals([saved.status, saved.location], [303, "/settings/whatsapp?notice=saved"]);
      const view = (await page(app, OWNER, "/settings/whatsapp")).html;
      assertMatch(view, /Demo Dental Clinic/);
      assertMatch(view, new RegExp(`value="••••${DEMO_CREDENTIALS.accessToken.slice(-4)}"`));
      for (
        const secret of [
          DEMO_CREDENTIALS.accessToken,
          DEMO_CREDENTIALS.verifyToken,
          DEMO_CREDENTIALS.appSecret,
        ]
      ) {
        assert(!view.includes(secret), "no secret in the page");
      }
      assertMatch(view, /\/api\/v1\/whatsapp\/webhook\/[A-Za-z0-9_-]{32}/);
    });

    await step(
      "opening a conversation reads it; replies follow the 24-hour window",
      async (app) => {
        const patient = await createPatient(db, demo, "Window Patient");
        const contact = "+923001239999";
        const inbound = async (wamid: string, at: Date) =>
          await db.insert(whatsappMessages).values({
            clinicId: demo,
            direction: "inbound",
            kind: "inbound",
            patientId: patient,
            wamid,
            contactPhoneEnc: await encryptPhi(key, contact),
            contactPhoneHash: await phiIndex(key, contact),
            messageType: "text",
            body: "Hello from the patient",
            status: "received",
            createdAt: at,
          });
        await inbound("wamid.old", new Date(Date.now() - 25 * 3_600_000));
        const inbox = (await page(app, RECEPTION, "/whatsapp")).html;
        assertMatch(inbox, /Window Patient/);
        assertMatch(inbox, /1 unread message/);
        const path = `/whatsapp/p-${patient}`;
        const closed = await page(app, RECEPTION, path);
        assertMatch(closed.html, /more than 24 hours ago/);
        assertEquals(
          (await page(app, RECEPTION, "/whatsapp")).html.includes("1 unread"),
          false,
          "read once opened",
        );
        const refused = await page(app, RECEPTION, `${path}/reply`, { text: "Too late?" });
        assertEquals(refused.status, 409);
        assertMatch(refused.html, /24 hours/);

        await inbound("wamid.new", new Date(Date.now() - 3_600_000));
        const sent = await page(app, RECEPTION, `${path}/reply`, { text: "We can see you at 5." });
        assertEquals([sent.status, sent.location], [303, path]);
        await backgroundIdle();
        const replies = await db.select().from(whatsappMessages).where(
          eq(whatsappMessages.kind, "reply"),
        );
        assertEquals(replies.map((r) => [r.body, r.status]), [["We can see you at 5.", "sent"]]);
        const tab = await page(app, RECEPTION, `/patients/${patient}?tab=whatsapp`);
        assertMatch(tab.html, /We can see you at 5\./);
      },
    );

    await step("another clinic's conversation answers 404", async (app) => {
      const theirs = await createPatient(db, second, "Other Clinic Patient");
      assertEquals((await page(app, RECEPTION, `/whatsapp/p-${theirs}`)).status, 404);
      assertEquals((await page(app, RECEPTION, "/whatsapp/p-not-a-uuid")).status, 404);
      assertEquals(
        (await page(app, RECEPTION, `/whatsapp/p-${theirs}/reply`, { text: "Hi" })).status,
        404,
      );
    });
  } finally {
    await backgroundIdle();
    await resetWhatsapp(db, demo);
    await standIn.close();
  }
});
