import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../support/test-app.ts";
import type { Db } from "../../lib/db/client.ts";
import { clinics, emailOutbox } from "../../lib/db/schema.ts";
import { enqueueEmail } from "../../lib/email/outbox.ts";
import { staffInvitationEmail } from "../../lib/email/templates.ts";

async function clinicId(db: Db, slug: string): Promise<string> {
  const [row] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return row.id;
}

async function queueInvitation(db: Db, clinicIdOrNull: string | null, clinicName: string) {
  const email = staffInvitationEmail({
    clinicName,
    roleLabel: "Nurse",
    acceptUrl: `https://app.odontox.test/invite/${crypto.randomUUID()}`,
    expiresAt: new Date("2026-11-28T12:00:00Z"),
    timeZone: "Asia/Karachi",
  });
  const { id } = await enqueueEmail(db, {
    clinicId: clinicIdOrNull,
    to: `invitee-${crypto.randomUUID().slice(0, 8)}@example.com`,
    kind: "staff.invitation",
    ...email,
  });
  return { id: id!, subject: email.subject };
}

const decode = (html: string) =>
  html.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

testOnEachDatabase("dev mailbox", async (t, database) => {
  const { db } = database;
  const step = appSteps(t, database);
  const demo = await queueInvitation(db, await clinicId(db, "demo-dental"), "Demo Dental");
  const other = await queueInvitation(db, await clinicId(db, "second-smile"), "Second Smile");
  const platform = await queueInvitation(db, null, "OdontoX Platform");
  await db.update(emailOutbox)
    .set({ status: "failed", attempts: 6, lastError: "Resend 422: Invalid `to` field." })
    .where(eq(emailOutbox.id, demo.id));

  await step("signed out, the mailbox sends you to sign in", async (app) => {
    const res = await app.request("/dev/mailbox");
    assertEquals(res.status, 303);
    assertMatch(res.headers.get("location") ?? "", /^\/login\?next=%2Fdev%2Fmailbox/);
  });

  await step(
    "a clinic owner sees their clinic's email, newest first, and nothing else",
    async (app) => {
      const { jar } = await app.login("owner@demo-dental.test");
      const res = await app.request("/dev/mailbox", { jar });
      assertEquals(res.status, 200);
      const html = await res.text();
      assertMatch(html, new RegExp(`href="/dev/mailbox/${demo.id}"`));
      assertMatch(html, /You(&#39;|')re invited to join Demo Dental on OdontoX/);
      assert(
        !html.includes(other.id) && !html.includes("Second Smile on OdontoX"),
        "not another clinic's",
      );
      assert(!html.includes(platform.id), "not platform mail");
      assertMatch(html, />failed</);
      assertMatch(html, /6 attempts/);
    },
  );

  await step("one message: its details, and its HTML in a sandboxed frame", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const res = await app.request(`/dev/mailbox/${demo.id}`, { jar });
    assertEquals(res.status, 200);
    const html = await res.text();
    // Attribute values may hold a raw ">", so the frame is taken up to its closing tag.
    const frame = html.match(/<iframe[\s\S]*?<\/iframe>/)?.[0] ?? "";
    assertMatch(frame, / sandbox="allow-popups allow-popups-to-escape-sandbox"/);
    const srcdoc = decode(frame.match(/srcdoc="([^"]*)"/)?.[1] ?? "");
    assertMatch(srcdoc, /^<!DOCTYPE html>/);
    assertMatch(srcdoc, /You have been invited to join Demo Dental as Nurse\./);
    assert(
      !/<script/i.test(html.replace(/<script type="module" src="\/static\/[^"]+"><\/script>/g, "")),
    );
    assertMatch(html, /Resend 422: Invalid `to` field\./);
    assertMatch(html, /staff\.invitation/);
    assertMatch(html, /Plain-text version/);
  });

  await step("an attachment is listed on its message and downloads with its name", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    const content = new TextEncoder().encode("%PDF-1.7 receipt");
    const { id } = await enqueueEmail(db, {
      clinicId: await clinicId(db, "demo-dental"),
      to: "patient@example.com",
      kind: "finance.receipt",
      subject: "Your receipt",
      html: "<p>Thank you</p>",
      text: "Thank you",
      attachments: [{
        filename: "Receipt RCT-000009.pdf",
        contentType: "application/pdf",
        content,
      }],
    });
    const page = await (await app.request(`/dev/mailbox/${id}`, { jar })).text();
    assertMatch(page, /Attachments \(1\)/);
    assertMatch(page, /Receipt RCT-000009\.pdf/);
    const download = await app.request(`/dev/mailbox/${id}/attachments/0`, { jar });
    assertEquals(download.status, 200);
    assertEquals(download.headers.get("content-type"), "application/pdf");
    assertMatch(download.headers.get("content-disposition") ?? "", /Receipt RCT-000009\.pdf/);
    assertEquals(new Uint8Array(await download.arrayBuffer()), content);
    assertEquals((await app.request(`/dev/mailbox/${id}/attachments/1`, { jar })).status, 404);
    assertEquals(
      (await app.request(`/dev/mailbox/${other.id}/attachments/0`, { jar })).status,
      404,
    );
  });

  await step("another clinic's message, or none at all, is not found", async (app) => {
    const { jar } = await app.login("owner@demo-dental.test");
    for (const id of [other.id, platform.id, crypto.randomUUID(), "not-a-uuid"]) {
      const res = await app.request(`/dev/mailbox/${id}`, { jar });
      assertEquals(res.status, 404, id);
    }
  });

  await step("staff without notifications.email.view are refused", async (app) => {
    const { jar } = await app.login("reception@demo-dental.test");
    assertEquals((await app.request("/dev/mailbox", { jar })).status, 403);
    assertEquals((await app.request(`/dev/mailbox/${demo.id}`, { jar })).status, 403);
  });

  await step(
    "a platform administrator sees every clinic's mail, and can filter by status",
    async (app) => {
      const { jar } = await app.login("superadmin@odontox.test");
      const html = await (await app.request("/dev/mailbox", { jar })).text();
      for (const id of [demo.id, other.id, platform.id]) assert(html.includes(id), id);
      const failed = await (await app.request("/dev/mailbox?status=failed", { jar })).text();
      assert(failed.includes(demo.id) && !failed.includes(other.id));
      assertEquals((await app.request(`/dev/mailbox/${other.id}`, { jar })).status, 200);
    },
  );

  await step("in production the mailbox does not exist, signed in or not", async (app) => {
    const paths = ["/dev/mailbox", `/dev/mailbox/${demo.id}`, "/dev/mailbox?status=sent"];
    for (const path of paths) {
      const res = await app.request(path);
      assertEquals(res.status, 404, path);
      assertMatch(await res.text(), /Page not found/);
    }
    const { jar } = await app.login("superadmin@odontox.test");
    for (const path of paths) assertEquals((await app.request(path, { jar })).status, 404, path);
  }, { APP_ENV: "production" });
});
