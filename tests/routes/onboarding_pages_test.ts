/**
 * Clinic onboarding end to end over HTTP: a clinic applies at /signup, the
 * superadmin approves or declines at /admin/applications, the owner's link
 * sets up the account, the first sign-in starts the trial, and an expired
 * trial leaves the clinic readable but refuses every change.
 */
import { and, desc, eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { changeAccess } from "../support/access-changes.ts";
import {
  clinicApplications,
  clinicMembers,
  clinics,
  emailOutbox,
  patients,
  staffInvitations,
  users,
} from "../../lib/db/schema.ts";
import type { Db } from "../../lib/db/client.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const SUPERADMIN = "superadmin@odontox.test";
const DAY_MS = 86_400_000;

let sequence = 0;
const freshEmail = (label: string) => `${label}-${Date.now()}-${sequence++}@example.com`;

function post(app: TestApp, path: string, fields: Record<string, string>, init: {
  jar?: CookieJar;
  ip?: string;
} = {}) {
  return app.request(path, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields),
    ...init,
  });
}

async function signIn(app: TestApp, email: string, password = "demo-password") {
  const jar = new CookieJar();
  const res = await post(app, "/login", { email, password }, { jar });
  assertEquals(res.status, 303, `sign in ${email}`);
  return jar;
}

function application(email: string, clinicName = "Smile Care") {
  return { clinicName, city: "Lahore", ownerName: "Dr. Sara Iqbal", email, phone: "0300 1234567" };
}

async function applicationOf(db: Db, email: string) {
  const [row] = await db.select().from(clinicApplications)
    .where(eq(clinicApplications.email, email)).orderBy(desc(clinicApplications.createdAt));
  return row;
}

async function lastEmailTo(db: Db, to: string) {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, to))
    .orderBy(desc(emailOutbox.createdAt)).limit(1);
  return row;
}

/** Applies, approves as the superadmin and returns what the owner receives. */
async function approvedClinic(app: TestApp, email: string, clinicName = "Smile Care") {
  const db = app.deps.db;
  assertEquals((await post(app, "/signup", application(email, clinicName))).status, 200);
  const pending = await applicationOf(db, email);
  const admin = await signIn(app, SUPERADMIN);
  const res = await post(app, `/admin/applications/${pending.id}/approve`, {}, { jar: admin });
  assertEquals(res.status, 303);
  const approved = await applicationOf(db, email);
  const mail = await lastEmailTo(db, email);
  const link = mail.text.match(/http:\/\/localhost:8000\/invite\/[A-Za-z0-9_-]{43}/)?.[0];
  assert(link, "the approval email carries the owner's link");
  return { clinicId: approved.clinicId!, link: new URL(link).pathname, mail, admin };
}

async function clinicRow(db: Db, id: string) {
  return (await db.select().from(clinics).where(eq(clinics.id, id)))[0];
}

testOnEachDatabase("clinic onboarding pages", async (t, db) => {
  const step = appSteps(t, db);

  await step("the sign-up page is public and ships no script", async (app) => {
    const res = await app.request("/signup");
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /<form method="post" action="\/signup"/);
    for (const field of ["clinicName", "city", "ownerName", "email", "phone"]) {
      assertMatch(html, new RegExp(`name="${field}"`));
    }
    assertMatch(html, /\+92/);
    assert(!html.includes('<script type="module"'), "no islands");
  });

  await step("a malformed application is refused field by field and stores nothing", async (
    app,
  ) => {
    const email = freshEmail("bad");
    const res = await post(app, "/signup", { ...application(email), clinicName: "", phone: "12" });
    assertEquals(res.status, 400);
    const html = await res.text();
    assertMatch(html, /data-field-error="clinicName"/);
    assertMatch(html, /data-field-error="phone"/);
    assertMatch(html, /value="Lahore"/, "what was typed stays");
    assertEquals(await applicationOf(db.db, email), undefined);
  });

  await step("an application is stored with its phone sealed and the applicant thanked", async (
    app,
  ) => {
    const email = freshEmail("apply");
    const res = await post(app, "/signup", application(email));
    assertEquals(res.status, 200);
    assertMatch(await res.text(), /Application sent/);
    const row = await applicationOf(db.db, email);
    assertEquals(row.status, "pending");
    assertEquals(row.city, "Lahore");
    assert(!row.phoneSealed.includes("3001234567"), "the number is sealed at rest");
    assertEquals((await lastEmailTo(db.db, email)).kind, "onboarding.application_received");
  });

  await step("sign-ups are rate limited per IP", async (app) => {
    for (let i = 0; i < 2; i++) {
      const res = await post(app, "/signup", application(freshEmail("limit")), {
        ip: "198.51.100.9",
      });
      assertEquals(res.status, 200);
    }
    const email = freshEmail("limited");
    const refused = await post(app, "/signup", application(email), { ip: "198.51.100.9" });
    assertEquals(refused.status, 429);
    assert(Number(refused.headers.get("retry-after")) > 0);
    assertMatch(await refused.text(), /Too many applications/);
    assertEquals(await applicationOf(db.db, email), undefined, "nothing stored");
    const elsewhere = await post(app, "/signup", application(freshEmail("other")), {
      ip: "198.51.100.10",
    });
    assertEquals(elsewhere.status, 200, "another address is not affected");
  }, { SIGNUP_RATE_LIMIT_PER_IP: "2" });

  await step("the applications page: sign-in, then superadmins only", async (app) => {
    const anonymous = await app.request("/admin/applications");
    assertEquals(anonymous.status, 303);
    assertEquals(anonymous.headers.get("location"), "/login?next=%2Fadmin%2Fapplications");
    const owner = await signIn(app, "owner@demo-dental.test");
    assertEquals((await app.request("/admin/applications", { jar: owner })).status, 403);
    const pending = await applicationOf(
      db.db,
      (await db.db.select().from(clinicApplications)
        .where(eq(clinicApplications.status, "pending")).limit(1))[0].email,
    );
    const approve = await post(app, `/admin/applications/${pending.id}/approve`, {}, {
      jar: owner,
    });
    assertEquals(approve.status, 403, "a clinic owner cannot approve");
    assertEquals((await applicationOf(db.db, pending.email)).status, "pending");
    const admin = await signIn(app, SUPERADMIN);
    const res = await app.request("/admin/applications", { jar: admin });
    assertEquals(res.status, 200);
    const html = await res.text();
    assertMatch(html, /Smile Care/);
    assertMatch(html, /\+923001234567/, "the superadmin reads the phone");
    assertMatch(
      html,
      /href="\/admin\/applications"[^>]*aria-current="page"|aria-current="page"[^>]*href="\/admin\/applications"/,
    );
  });

  await step("approval creates a trial clinic and invites its owner; the clock waits", async (
    app,
  ) => {
    const email = freshEmail("owner");
    const { clinicId, link, mail } = await approvedClinic(app, email, "Smile Care Lahore");
    assertEquals(mail.kind, "onboarding.clinic_approved");
    assertMatch(mail.text, /14 days/);
    const clinic = await clinicRow(db.db, clinicId);
    assertEquals(clinic.name, "Smile Care Lahore");
    assertEquals(clinic.slug.startsWith("smile-care-lahore"), true);
    assertEquals(clinic.subscriptionStatus, "trial");
    assertEquals(clinic.planId, "free");
    assertEquals(clinic.trialStartedAt, null);
    const [invitation] = await db.db.select().from(staffInvitations)
      .where(eq(staffInvitations.clinicId, clinicId));
    assertEquals(invitation.role, "owner");

    // The owner sets up the account: still no clock.
    const accept = await post(app, link, {
      name: "Dr. Sara Iqbal",
      password: "a-long-enough-password",
      confirm: "a-long-enough-password",
    });
    assertEquals(accept.status, 303);
    const [member] = await db.db.select({ role: clinicMembers.role }).from(clinicMembers)
      .innerJoin(users, eq(users.id, clinicMembers.userId))
      .where(and(eq(users.email, email), eq(clinicMembers.clinicId, clinicId)));
    assertEquals(member.role, "owner");
    assertEquals((await clinicRow(db.db, clinicId)).trialStartedAt, null);

    // A wrong password is no sign-in: still no clock.
    const wrong = await post(app, "/login", { email, password: "not-the-password" });
    assertEquals(wrong.status, 401);
    assertEquals((await clinicRow(db.db, clinicId)).trialStartedAt, null);

    const before = Date.now();
    const jar = await signIn(app, email, "a-long-enough-password");
    const started = (await clinicRow(db.db, clinicId)).trialStartedAt!;
    assert(started.getTime() >= before - 1000, "the first sign-in starts the trial");
    const html = await (await app.request("/dashboard", { jar })).text();
    assertMatch(html, /Trial · 14 days left/);

    // A later sign-in leaves the start where it was.
    await signIn(app, email, "a-long-enough-password");
    assertEquals((await clinicRow(db.db, clinicId)).trialStartedAt!.getTime(), started.getTime());
  });

  await step("an application is decided once", async (app) => {
    const email = freshEmail("twice");
    await approvedClinic(app, email, "Twice Dental");
    const admin = await signIn(app, SUPERADMIN);
    const row = await applicationOf(db.db, email);
    const again = await post(app, `/admin/applications/${row.id}/approve`, {}, { jar: admin });
    assertEquals(again.status, 409);
    assertMatch(await again.text(), /already approved/);
    const count = await db.db.select().from(clinics).where(eq(clinics.name, "Twice Dental"));
    assertEquals(count.length, 1);
    const missing = await post(app, "/admin/applications/not-a-uuid/approve", {}, { jar: admin });
    assertEquals(missing.status, 404);
  });

  await step("declining needs a reason and emails it to the applicant", async (app) => {
    const email = freshEmail("decline");
    await post(app, "/signup", application(email, "Nope Dental"));
    const row = await applicationOf(db.db, email);
    const admin = await signIn(app, SUPERADMIN);
    const blank = await post(app, `/admin/applications/${row.id}/reject`, { reason: " " }, {
      jar: admin,
    });
    assertEquals(blank.status, 400);
    assertMatch(await blank.text(), /data-field-error="reason"/);
    assertEquals((await applicationOf(db.db, email)).status, "pending", "nothing changed");
    const res = await post(app, `/admin/applications/${row.id}/reject`, {
      reason: "We could not verify the clinic's registration.",
    }, { jar: admin });
    assertEquals(res.status, 303);
    const decided = await applicationOf(db.db, email);
    assertEquals(decided.status, "rejected");
    assertEquals(decided.clinicId, null);
    const mail = await lastEmailTo(db.db, email);
    assertEquals(mail.kind, "onboarding.application_declined");
    assertMatch(mail.text, /could not verify the clinic's registration/);
    assertMatch(mail.text, /thank you/i);
  });

  await step(
    "an expired trial is read-only: reads work, writes are refused, nothing is lost",
    async (
      app,
    ) => {
      const email = freshEmail("expired");
      const { clinicId, link } = await approvedClinic(app, email, "Expired Dental");
      await post(app, link, {
        name: "Dr. Late",
        password: "a-long-enough-password",
        confirm: "a-long-enough-password",
      });
      const jar = await signIn(app, email, "a-long-enough-password");
      const created = await app.json("POST", "/api/v1/patients", { fullName: "Kept Patient" }, {
        jar,
      });
      assertEquals(created.status, 201, "a running trial may write");

      // The clock moves past the trial's end.
      await changeAccess(
        app,
        { clinicId },
        (tx) =>
          tx.update(clinics).set({ trialStartedAt: new Date(Date.now() - 15 * DAY_MS) })
            .where(eq(clinics.id, clinicId)),
      );

      const dashboard = await app.request("/dashboard", { jar });
      assertEquals(dashboard.status, 200, "reads keep working");
      const html = await dashboard.text();
      assertMatch(html, /data-read-only="trial_expired"/);
      assertMatch(html, /free trial has ended/);
      assertMatch(html, /Upgrade plan/);
      assert(!html.includes("days left"));
      assertEquals((await app.request("/patients", { jar })).status, 200);

      const api = await app.json("POST", "/api/v1/patients", { fullName: "Refused" }, { jar });
      assertEquals(api.status, 402);
      assertEquals((await api.json()).code, "TRIAL_EXPIRED");
      const form = await post(app, "/staff/invitations", {
        email: freshEmail("x"),
        role: "nurse",
      }, { jar });
      assertEquals(form.status, 402);
      assertMatch(await form.text(), /trial has ended/);

      const kept = await db.db.select().from(patients).where(eq(patients.clinicId, clinicId));
      assertEquals(
        kept.map((p) => p.fullName),
        ["Kept Patient"],
        "nothing deleted, nothing added",
      );

      // Signing out still works, and a superadmin is unaffected.
      assertEquals((await post(app, "/logout", {}, { jar })).status, 303);
      const admin = await signIn(app, SUPERADMIN);
      const other = freshEmail("after");
      await post(app, "/signup", application(other));
      const row = await applicationOf(db.db, other);
      const res = await post(app, `/admin/applications/${row.id}/approve`, {}, { jar: admin });
      assertEquals(res.status, 303);
    },
  );

  await step("a suspended clinic is read-only too", async (app) => {
    const [smile] = await db.db.select().from(clinics).where(eq(clinics.slug, "second-smile"));
    const jar = await signIn(app, "owner@second-smile.test");
    await changeAccess(
      app,
      { clinicId: smile.id },
      (tx) =>
        tx.update(clinics).set({ subscriptionStatus: "suspended" }).where(eq(clinics.id, smile.id)),
    );
    try {
      const api = await app.json("POST", "/api/v1/patients", { fullName: "Refused" }, { jar });
      assertEquals(api.status, 402);
      assertEquals((await api.json()).code, "SUBSCRIPTION_SUSPENDED");
      assertMatch(
        await (await app.request("/dashboard", { jar })).text(),
        /data-read-only="suspended"/,
      );
    } finally {
      await changeAccess(
        app,
        { clinicId: smile.id },
        (tx) =>
          tx.update(clinics).set({ subscriptionStatus: "trial" }).where(eq(clinics.id, smile.id)),
      );
    }
  });
});
