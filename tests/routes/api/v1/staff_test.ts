import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { CookieJar } from "../../../support/cookie-jar.ts";
import { appSteps, ORIGIN, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { clinics, roleTemplates } from "../../../../lib/db/schema.ts";
import { loadClinicModules, withinModules } from "../../../../lib/permissions/access.ts";
import { planDefaultPermissions } from "../../../../lib/permissions/role-defaults.ts";

const OWNER = "owner@demo-dental.test";
const OTHER_OWNER = "owner@second-smile.test";
const PASSWORD = "a-long-enough-password";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

let sequence = 0;
const freshEmail = (label: string) => `${label}-${Date.now()}-${sequence++}@example.com`;

async function memberIdOf(app: TestApp, jar: CookieJar, email: string): Promise<string> {
  const res = await app.json("GET", "/api/v1/staff", undefined, { jar });
  const { members } = await res.json();
  const member = members.find((m: { email: string }) => m.email === email);
  if (!member) throw new Error(`${email} is not in the team`);
  return member.id;
}

async function invite(app: TestApp, jar: CookieJar, email: string, role: string) {
  const res = await app.json("POST", "/api/v1/staff/invitations", { email, role }, { jar });
  assertEquals(res.status, 201, await res.clone().text());
  return await res.json() as {
    invitation: { id: string; email: string; role: string; expiresAt: string };
    link: string;
  };
}

/** Follows the link as the invitee would, through the public page's form. */
async function accept(app: TestApp, link: string, name: string) {
  const path = new URL(link).pathname;
  const body = new URLSearchParams({ name, password: PASSWORD, confirm: PASSWORD });
  const res = await app.request(path, { method: "POST", headers: FORM, body });
  assertEquals(res.status, 303, await res.clone().text());
  assertEquals(res.headers.get("location"), "/login?reason=invited");
}

/** A new member of Demo Dental, through the whole invitation flow. */
async function newMember(app: TestApp, ownerJar: CookieJar, role: string) {
  const email = freshEmail(role);
  const { link } = await invite(app, ownerJar, email, role);
  await accept(app, link, `New ${role}`);
  return { email, id: await memberIdOf(app, ownerJar, email) };
}

async function permissionsOf(app: TestApp, jar: CookieJar): Promise<string[]> {
  const res = await app.json("GET", "/api/v1/me", undefined, { jar });
  assertEquals(res.status, 200);
  return ((await res.json()).permissions as string[]).sort();
}

testOnEachDatabase("staff API", async (t, db) => {
  const step = appSteps(t, db);
  const someId = crypto.randomUUID();

  await step("every staff route needs a session", async (app) => {
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/staff"],
      ["GET", "/api/v1/staff/invitations"],
      ["POST", "/api/v1/staff/invitations", { email: "a@example.com", role: "nurse" }],
      ["POST", `/api/v1/staff/invitations/${someId}/resend`],
      ["DELETE", `/api/v1/staff/invitations/${someId}`],
      ["PATCH", `/api/v1/staff/${someId}`, { role: "nurse" }],
      ["PATCH", `/api/v1/staff/${someId}/status`, { status: "deactivated" }],
      ["GET", `/api/v1/staff/${someId}/permissions`],
      ["PUT", `/api/v1/staff/${someId}/permissions`, { permissions: [] }],
      ["DELETE", `/api/v1/staff/${someId}/permissions`],
    ];
    for (const [method, path, body] of routes) {
      const res = await app.json(method, path, body);
      assertEquals(res.status, 401, `${method} ${path}`);
      assertEquals((await res.json()).code, "UNAUTHENTICATED");
    }
  });

  await step(
    "the team list shows the clinic's members with their last sign-in",
    async (app) => {
      const { jar } = await app.login("reception@demo-dental.test");
      const res = await app.json("GET", "/api/v1/staff", undefined, { jar });
      assertEquals(res.status, 200);
      const { members } = await res.json();
      const emails = members.map((m: { email: string }) => m.email);
      assert(emails.includes(OWNER) && emails.includes("nurse@demo-dental.test"));
      assert(!emails.includes(OTHER_OWNER), "no other clinic's staff");
      const me = members.find((m: { email: string }) => m.email === "reception@demo-dental.test");
      assertEquals(me.role, "reception");
      assertEquals(me.status, "active");
      assertEquals(me.hasOverride, false);
      assert(Date.now() - Date.parse(me.lastLoginAt) < 60_000, "signed in just now");
    },
  );

  await step("members without the permission are refused by name", async (app) => {
    const { jar: nurse } = await app.login("nurse@demo-dental.test");
    const { jar: reception } = await app.login("reception@demo-dental.test");
    const nurseId = await memberIdOf(app, nurse, "nurse@demo-dental.test");
    const cases: [CookieJar, string, string, unknown, string][] = [
      [
        nurse,
        "POST",
        "/api/v1/staff/invitations",
        { email: "x@example.com", role: "nurse" },
        "staff.invite",
      ],
      [nurse, "GET", "/api/v1/staff/invitations", undefined, "staff.invitations.view"],
      [
        reception,
        "POST",
        `/api/v1/staff/invitations/${someId}/resend`,
        undefined,
        "staff.invitations.resend",
      ],
      [
        reception,
        "DELETE",
        `/api/v1/staff/invitations/${someId}`,
        undefined,
        "staff.invitations.revoke",
      ],
      [reception, "PATCH", `/api/v1/staff/${nurseId}`, { role: "doctor" }, "staff.edit"],
      [
        reception,
        "PATCH",
        `/api/v1/staff/${nurseId}/status`,
        { status: "deactivated" },
        "staff.deactivate",
      ],
      [
        nurse,
        "GET",
        `/api/v1/staff/${nurseId}/permissions`,
        undefined,
        "staff.permissions.view",
      ],
      [
        reception,
        "PUT",
        `/api/v1/staff/${nurseId}/permissions`,
        { permissions: ["staff.invite"] },
        "staff.permissions.edit",
      ],
      [
        reception,
        "DELETE",
        `/api/v1/staff/${nurseId}/permissions`,
        undefined,
        "staff.permissions.edit",
      ],
    ];
    for (const [jar, method, path, body, permission] of cases) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 403, `${method} ${path}`);
      const error = await res.json();
      assertEquals(error.code, "FORBIDDEN");
      assertEquals(error.permission, permission);
    }
    const { jar: superadmin } = await app.login("superadmin@odontox.test");
    const res = await app.json("GET", "/api/v1/staff", undefined, { jar: superadmin });
    assertEquals(res.status, 403, "a superadmin has no clinic team here");
  });

  await step("an invitation answers 201 with a 7-day link", async (app) => {
    const { jar } = await app.login(OWNER);
    const email = freshEmail("Invitee").toUpperCase();
    const before = Date.now();
    const body = await invite(app, jar, email, "nurse");
    assertEquals(body.invitation.email, email.toLowerCase());
    assertEquals(body.invitation.role, "nurse");
    assertMatch(body.link, new RegExp(`^${ORIGIN}/invite/[A-Za-z0-9_-]{43}$`));
    const ttl = Date.parse(body.invitation.expiresAt) - before;
    assert(Math.abs(ttl - 7 * 86_400_000) < 60_000, `7 days, got ${ttl}`);
    const list = await (await app.json("GET", "/api/v1/staff/invitations", undefined, { jar }))
      .json();
    const listed = list.invitations.find((i: { id: string }) => i.id === body.invitation.id);
    assertEquals(listed.expired, false);
    assert(!("link" in listed) && !("tokenHash" in listed), "the link is never listed");
    const page = await app.request(new URL(body.link).pathname);
    assertEquals(page.status, 200);
    assertMatch(await page.text(), /Join Demo Dental/);
  });

  await step("inviting a member or an invited address again is a 409", async (app) => {
    const { jar } = await app.login(OWNER);
    const member = await app.json("POST", "/api/v1/staff/invitations", {
      email: "Doctor@Demo-Dental.test",
      role: "doctor",
    }, { jar });
    assertEquals(member.status, 409);
    const memberError = await member.json();
    assertEquals(memberError.code, "ALREADY_MEMBER");
    assertMatch(memberError.error, /already a member/);
    const email = freshEmail("twice");
    await invite(app, jar, email, "doctor");
    const again = await app.json("POST", "/api/v1/staff/invitations", {
      email,
      role: "nurse",
    }, { jar });
    assertEquals(again.status, 409);
    const againError = await again.json();
    assertEquals(againError.code, "ALREADY_INVITED");
    assertMatch(againError.error, /Resend/);
  });

  await step("malformed invitations are refused before anything is stored", async (app) => {
    const { jar } = await app.login(OWNER);
    const url = "/api/v1/staff/invitations";
    const text = await app.request(url, {
      method: "POST",
      jar,
      headers: { "content-type": "text/plain" },
      body: "email=a@example.com",
    });
    assertEquals(text.status, 415);
    const broken = await app.json("POST", url, "{not json", { jar });
    assertEquals(broken.status, 400);
    for (
      const body of [
        {},
        { email: "not-an-address", role: "nurse" },
        { email: "a@example.com" },
        { email: "a@example.com", role: "nurse", extra: true },
      ]
    ) {
      const res = await app.json("POST", url, body, { jar });
      assertEquals(res.status, 400, JSON.stringify(body));
      assertEquals((await res.json()).code, "VALIDATION_FAILED");
    }
    for (const role of ["owner", "superadmin"]) {
      const res = await app.json("POST", url, { email: "a@example.com", role }, { jar });
      assertEquals(res.status, 400, role);
      assertMatch((await res.json()).error, /admin, doctor, nurse or reception/);
    }
  });

  await step("resending gives a new link and the old one stops working", async (app) => {
    const { jar } = await app.login(OWNER);
    const first = await invite(app, jar, freshEmail("resend"), "reception");
    const res = await app.json(
      "POST",
      `/api/v1/staff/invitations/${first.invitation.id}/resend`,
      undefined,
      { jar },
    );
    assertEquals(res.status, 200);
    const { link } = await res.json();
    assert(link !== first.link, "a new link");
    assertEquals((await app.request(new URL(first.link).pathname)).status, 404);
    assertEquals((await app.request(new URL(link).pathname)).status, 200);
  });

  await step("a revoked invitation leaves the list and its link fails", async (app) => {
    const { jar } = await app.login(OWNER);
    const { invitation, link } = await invite(app, jar, freshEmail("revoke"), "doctor");
    const path = `/api/v1/staff/invitations/${invitation.id}`;
    const res = await app.json("DELETE", path, undefined, { jar });
    assertEquals(res.status, 200);
    const list = await (await app.json("GET", "/api/v1/staff/invitations", undefined, { jar }))
      .json();
    assert(!list.invitations.some((i: { id: string }) => i.id === invitation.id));
    assertEquals((await app.request(new URL(link).pathname)).status, 410);
    assertEquals((await app.json("DELETE", path, undefined, { jar })).status, 404);
  });

  await step("another clinic's invitations and members answer 404", async (app) => {
    const { jar: owner } = await app.login(OWNER);
    const { jar: other } = await app.login(OTHER_OWNER);
    const { invitation } = await invite(app, owner, freshEmail("private"), "nurse");
    const nurseId = await memberIdOf(app, owner, "nurse@demo-dental.test");
    const cases: [string, string, unknown?][] = [
      ["POST", `/api/v1/staff/invitations/${invitation.id}/resend`],
      ["DELETE", `/api/v1/staff/invitations/${invitation.id}`],
      ["PATCH", `/api/v1/staff/${nurseId}`, { role: "doctor" }],
      ["PATCH", `/api/v1/staff/${nurseId}/status`, { status: "deactivated" }],
      ["GET", `/api/v1/staff/${nurseId}/permissions`],
      ["PUT", `/api/v1/staff/${nurseId}/permissions`, { permissions: [] }],
      ["DELETE", `/api/v1/staff/${nurseId}/permissions`],
      ["GET", `/api/v1/staff/not-a-uuid/permissions`],
    ];
    for (const [method, path, body] of cases) {
      const res = await app.json(method, path, body, { jar: other });
      assertEquals(res.status, 404, `${method} ${path}`);
      assertEquals((await res.json()).code, "NOT_FOUND");
    }
    const { invitations } = await (await app.json(
      "GET",
      "/api/v1/staff/invitations",
      undefined,
      { jar: other },
    )).json();
    assert(!invitations.some((i: { id: string }) => i.id === invitation.id));
    // Untouched by all of that.
    const still = await app.json("GET", `/api/v1/staff/${nurseId}/permissions`, undefined, {
      jar: owner,
    });
    assertEquals((await still.json()).override, null);
  });

  await step("an invited member inherits the template", async (app) => {
    const { jar: owner } = await app.login(OWNER);
    const { email } = await newMember(app, owner, "doctor");
    const { jar } = await app.login(email, PASSWORD);
    const me = await (await app.json("GET", "/api/v1/me", undefined, { jar })).json();
    assertEquals(me.role, "doctor");
    assertEquals(me.permissionSource, "plan");
    const [clinic] = await db.db.select().from(clinics).where(eq(clinics.slug, "demo-dental"));
    const modules = await loadClinicModules(db.db, clinic.id, "pro");
    const doctorGets = [...withinModules(planDefaultPermissions("pro", "doctor"), modules)];
    assertEquals((me.permissions as string[]).sort(), doctorGets.sort());
    const { jar: doctor } = await app.login("doctor@demo-dental.test");
    assertEquals(await permissionsOf(app, jar), await permissionsOf(app, doctor));
  });

  await step(
    "deactivating a member ends their sessions and stops their sign-in",
    async (app) => {
      const { jar: owner } = await app.login(OWNER);
      const { email, id } = await newMember(app, owner, "nurse");
      const { jar, body } = await app.login(email, PASSWORD);
      assertEquals((await app.json("GET", "/api/v1/me", undefined, { jar })).status, 200);

      const res = await app.json("PATCH", `/api/v1/staff/${id}/status`, {
        status: "deactivated",
      }, { jar: owner });
      assertEquals(res.status, 200);
      const result = await res.json();
      assertEquals(result.member.status, "deactivated");
      assertEquals(result.sessionsEnded, 1);

      const me = await app.json("GET", "/api/v1/me", undefined, { jar });
      assertEquals(me.status, 401);
      const refresh = await app.json("POST", "/api/v1/auth/refresh", {
        refreshToken: body.refreshToken,
      });
      assertEquals(refresh.status, 401);
      const again = await app.json("POST", "/api/v1/auth/login", { email, password: PASSWORD });
      assertEquals(again.status, 401);
      assertEquals((await again.json()).code, "INVALID_CREDENTIALS");

      const back = await app.json("PATCH", `/api/v1/staff/${id}/status`, { status: "active" }, {
        jar: owner,
      });
      assertEquals((await back.json()).member.status, "active");
      await app.login(email, PASSWORD);
    },
  );

  await step(
    "a member with an override keeps it when the role template changes",
    async (app) => {
      const { jar: owner } = await app.login(OWNER);
      const custom = await newMember(app, owner, "doctor");
      const path = `/api/v1/staff/${custom.id}/permissions`;
      const put = await app.json("PUT", path, {
        permissions: ["patients.view", "appointments.view", "whatsapp.view"],
      }, { jar: owner });
      assertEquals(put.status, 200);
      const saved = await put.json();
      assertEquals(saved.permissions.sort(), ["appointments.view", "patients.view"]);
      assertEquals(saved.ignored, ["whatsapp.view"], "Demo Dental has no WhatsApp module");

      const [clinic] = await db.db.select().from(clinics)
        .where(eq(clinics.slug, "demo-dental"));
      // Stands in for a template edit in Settings → Permission Templates.
      await db.db.insert(roleTemplates).values({
        clinicId: clinic.id,
        role: "doctor",
        permissions: ["appointments.view", "staff.view", "staff.invite"],
      });
      try {
        const { jar: customJar } = await app.login(custom.email, PASSWORD);
        assertEquals(await permissionsOf(app, customJar), [
          "appointments.view",
          "patients.view",
        ]);
        const { jar: doctor } = await app.login("doctor@demo-dental.test");
        assertEquals(await permissionsOf(app, doctor), [
          "appointments.view",
          "staff.invite",
          "staff.view",
        ]);
        const view = await (await app.json("GET", path, undefined, { jar: owner })).json();
        assertEquals(view.override.sort(), [
          "appointments.view",
          "patients.view",
          "whatsapp.view",
        ]);
        assertEquals(view.template.sort(), ["appointments.view", "staff.invite", "staff.view"]);

        const cleared = await app.json("DELETE", path, undefined, { jar: owner });
        assertEquals(cleared.status, 200);
        const body = await cleared.json();
        assertEquals(body.override, null);
        assertEquals(body.permissions.sort(), body.template.sort());
        assertEquals(await permissionsOf(app, customJar), [
          "appointments.view",
          "staff.invite",
          "staff.view",
        ]);
      } finally {
        await db.db.delete(roleTemplates).where(eq(roleTemplates.clinicId, clinic.id));
      }
    },
  );

  await step("a member's permissions show the effective set, override and template", async (
    app,
  ) => {
    const { jar } = await app.login(OWNER);
    const nurseId = await memberIdOf(app, jar, "nurse@demo-dental.test");
    const res = await app.json("GET", `/api/v1/staff/${nurseId}/permissions`, undefined, {
      jar,
    });
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(body.override, null);
    assertEquals(body.permissions, body.template);
    const { jar: nurse } = await app.login("nurse@demo-dental.test");
    assertEquals(body.permissions.sort(), await permissionsOf(app, nurse));
  });

  await step("the rules on roles and permissions answer 400 with a reason", async (app) => {
    const { jar } = await app.login(OWNER);
    const ownerId = await memberIdOf(app, jar, OWNER);
    const member = await newMember(app, jar, "reception");
    const cases: [string, string, unknown, RegExp][] = [
      ["PATCH", `/api/v1/staff/${ownerId}`, { role: "admin" }, /owner's role/],
      ["PATCH", `/api/v1/staff/${member.id}`, { role: "owner" }, /made owner/],
      ["PATCH", `/api/v1/staff/${member.id}`, { role: "dentist" }, /Unknown role/],
      ["PATCH", `/api/v1/staff/${member.id}`, {}, /role/],
      ["PATCH", `/api/v1/staff/${ownerId}/status`, { status: "deactivated" }, /owner/],
      ["PATCH", `/api/v1/staff/${member.id}/status`, { status: "gone" }, /status/],
      ["PUT", `/api/v1/staff/${ownerId}/permissions`, { permissions: [] }, /owner/],
      [
        "PUT",
        `/api/v1/staff/${member.id}/permissions`,
        { permissions: ["patients.view", "patients.teleport"] },
        /"patients\.teleport"/,
      ],
      ["PUT", `/api/v1/staff/${member.id}/permissions`, { permissions: "all" }, /permissions/],
      ["DELETE", `/api/v1/staff/${ownerId}/permissions`, undefined, /owner/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await app.json(method, path, body, { jar });
      assertEquals(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      assertMatch((await res.json()).error, message);
    }
    const text = await app.request(`/api/v1/staff/${member.id}/permissions`, {
      method: "PUT",
      jar,
      headers: { "content-type": "text/plain" },
      body: "patients.view",
    });
    assertEquals(text.status, 415);

    const ok = await app.json("PATCH", `/api/v1/staff/${member.id}`, { role: "nurse" }, {
      jar,
    });
    assertEquals(ok.status, 200);
    assertEquals((await ok.json()).member.role, "nurse");
  });

  await step("nobody changes their own role or access through the API", async (app) => {
    const { jar } = await app.login(OWNER);
    const admin = await newMember(app, jar, "admin");
    const { jar: adminJar } = await app.login(admin.email, PASSWORD);
    const res = await app.json("PUT", `/api/v1/staff/${admin.id}/permissions`, {
      permissions: ["staff.view"],
    }, { jar: adminJar });
    assertEquals(res.status, 400);
    assertEquals((await res.json()).code, "OWN_ACCOUNT");
    const status = await app.json("PATCH", `/api/v1/staff/${admin.id}/status`, {
      status: "deactivated",
    }, { jar: adminJar });
    assertEquals((await status.json()).code, "OWN_ACCOUNT");
  });

  await step("a member cannot hand out a permission they do not hold", async (app) => {
    const { jar: ownerJar } = await app.login("owner@demo-dental.test");
    const admin = await newMember(app, ownerJar, "admin");
    const doctor = await newMember(app, ownerJar, "doctor");
    // The admin may edit permissions but is trusted with little else.
    const limited = await app.json("PUT", `/api/v1/staff/${admin.id}/permissions`, {
      permissions: [
        "staff.view",
        "staff.permissions.view",
        "staff.permissions.edit",
        "patients.view",
      ],
    }, { jar: ownerJar });
    assertEquals(limited.status, 200);

    const { jar: adminJar } = await app.login(admin.email, PASSWORD);
    const doctorId = doctor.id;
    const escalate = await app.json("PUT", `/api/v1/staff/${doctorId}/permissions`, {
      permissions: ["patients.view", "finance.payments.refund"],
    }, { jar: adminJar });
    assertEquals(escalate.status, 403);
    const body = await escalate.json();
    assertEquals([body.code, body.ungrantable], ["FORBIDDEN", ["finance.payments.refund"]]);

    // Keys the doctor already holds may stay, and keys the admin holds may be added.
    const fine = await app.json("PUT", `/api/v1/staff/${doctorId}/permissions`, {
      permissions: ["patients.view", "clinical.notes.view", "staff.view"],
    }, { jar: adminJar });
    assertEquals(fine.status, 200);
  });
});
