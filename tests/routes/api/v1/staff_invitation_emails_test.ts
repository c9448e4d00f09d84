import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../../support/test-app.ts";
import type { Db } from "../../../../lib/db/client.ts";
import { emailOutbox } from "../../../../lib/db/schema.ts";

const OWNER = "owner@demo-dental.test";

async function mailTo(db: Db, address: string) {
  return await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address))
    .orderBy(emailOutbox.createdAt);
}

testOnEachDatabase("staff invitation emails", async (t, database) => {
  const db = database.db;
  const step = appSteps(t, database);

  await step(
    "inviting a member emails them the link, and resending emails the new one",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const email = "invited.hygienist@example.com";
      const res = await app.json("POST", "/api/v1/staff/invitations", { email, role: "nurse" }, {
        jar,
      });
      assertEquals(res.status, 201, await res.clone().text());
      const { invitation, link } = await res.json();

      let mail = await mailTo(db, email);
      assertEquals(mail.map((m) => m.kind), ["staff.invitation"]);
      assertMatch(mail[0].subject, /join Demo Dental/);
      assert(mail[0].text.includes(link), "the email carries the accept link");
      assert(mail[0].html.includes(link));
      assertMatch(mail[0].text, /as Nurse/);

      const resent = await app.json(
        "POST",
        `/api/v1/staff/invitations/${invitation.id}/resend`,
        {},
        {
          jar,
        },
      );
      assertEquals(resent.status, 200);
      const { link: newLink } = await resent.json();
      mail = await mailTo(db, email);
      assertEquals(mail.length, 2);
      assert(mail[1].text.includes(newLink), "the resent email carries the new link");
    },
  );

  await step("the staff page emails the invitation and still shows the link", async (app) => {
    const { jar } = await app.login(OWNER);
    const email = "invited.reception@example.com";
    const res = await app.request("/staff/invitations", {
      method: "POST",
      jar,
      body: new URLSearchParams({ email, role: "reception" }),
    });
    assertEquals(res.status, 201);
    const html = await res.text();
    const shown = html.match(/value="(http:\/\/localhost:8000\/invite\/[A-Za-z0-9_-]{43})"/);
    assert(shown, "the page shows the link");
    const mail = await mailTo(db, email);
    assertEquals(mail.length, 1);
    assert(mail[0].text.includes(shown[1]), "the emailed link is the one on the page");
  });

  await step("a refused invitation emails nobody", async (app) => {
    const { jar } = await app.login(OWNER);
    const res = await app.json("POST", "/api/v1/staff/invitations", {
      email: "nurse@demo-dental.test",
      role: "nurse",
    }, { jar });
    assertEquals(res.status, 409);
    await res.body?.cancel();
    assertEquals(
      (await mailTo(db, "nurse@demo-dental.test")).filter((m) => m.kind === "staff.invitation"),
      [],
    );
  });
});
