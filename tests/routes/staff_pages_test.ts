import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, ORIGIN, type TestApp, testOnEachDatabase } from "../support/test-app.ts";

const OWNER = "owner@demo-dental.test";
const PASSWORD = "a-long-enough-password";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

let sequence = 0;
const freshEmail = (label: string) => `${label}-${Date.now()}-${sequence++}@example.com`;

async function signIn(app: TestApp, email: string, password = "demo-password") {
  const jar = new CookieJar();
  const body = new URLSearchParams({ email, password });
  const res = await app.request("/login", { method: "POST", headers: FORM, body, jar });
  assertEquals(res.status, 303, `sign in ${email}`);
  return jar;
}

function post(app: TestApp, path: string, fields: Record<string, string>, jar?: CookieJar) {
  return app.request(path, {
    method: "POST",
    headers: FORM,
    body: new URLSearchParams(fields),
    jar,
  });
}

async function page(app: TestApp, path: string, jar: CookieJar) {
  const res = await app.request(path, { jar });
  return { status: res.status, html: await res.text() };
}

/** Creates an invitation with the page's form and returns the link it shows. */
async function inviteWithForm(app: TestApp, jar: CookieJar, email: string, role: string) {
  const res = await post(app, "/staff/invitations", { email, role }, jar);
  assertEquals(res.status, 201);
  const html = await res.text();
  const link = html.match(/id="invitation-link"[^>]*value="([^"]+)"/)?.[1] ??
    html.match(/value="([^"]+)"[^>]*id="invitation-link"/)?.[1];
  assert(link, "the page shows the link");
  return { html, link, path: new URL(link).pathname };
}

async function memberIdOf(app: TestApp, jar: CookieJar, email: string): Promise<string> {
  const { members } = await (await app.json("GET", "/api/v1/staff", undefined, { jar })).json();
  return members.find((m: { email: string }) => m.email === email).id;
}

testOnEachDatabase("staff pages", async (t, db) => {
  const step = appSteps(t, db);

  await step("a signed-out visitor is sent to sign in", async (app) => {
    const res = await app.request("/staff");
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/login?next=%2Fstaff");
  });

  await step("the owner sees the team, the invite form and pending invitations", async (
    app,
  ) => {
    const jar = await signIn(app, OWNER);
    await inviteWithForm(app, jar, freshEmail("pending"), "nurse");
    const { status, html } = await page(app, "/staff", jar);
    assertEquals(status, 200);
    for (const name of ["Dr. Ayesha Khan", "Dr. Bilal Ahmed", "Hina Malik", "Usman Tariq"]) {
      assert(html.includes(name), name);
    }
    assert(!html.includes("Dr. Farah Siddiqui"), "no other clinic's staff");
    assertMatch(html, /<form method="post" action="\/staff\/invitations"/);
    assertMatch(html, /<option value="reception"/);
    assert(!/<option value="owner"/.test(html), "nobody is invited as owner");
    assertMatch(html, /Pending invitations/);
    assertMatch(html, /action="\/staff\/invitations\/[0-9a-f-]{36}\/resend"/);
    assertMatch(html, /action="\/staff\/invitations\/[0-9a-f-]{36}\/revoke"/);
    assertMatch(html, /Signed in just now|just now/);
    assertMatch(
      html,
      /aria-current="page"[^>]*href="\/staff"|href="\/staff"[^>]*aria-current="page"/,
    );
  });

  await step("reception sees the list but no invite form or invitation controls", async (
    app,
  ) => {
    for (const email of ["reception@demo-dental.test", "nurse@demo-dental.test"]) {
      const jar = await signIn(app, email);
      const { status, html } = await page(app, "/staff", jar);
      assertEquals(status, 200, email);
      assertMatch(html, /Hina Malik/);
      assert(!html.includes("/staff/invitations"), `${email}: no invitation forms`);
      assert(!html.includes("Invite a team member"), email);
      assert(!html.includes("Pending invitations"), email);
      assert(!/Resend|Revoke/.test(html), email);
    }
  });

  await step("members without a permission are refused by the form routes", async (app) => {
    const jar = await signIn(app, "reception@demo-dental.test");
    const ownerJar = await signIn(app, OWNER);
    const nurseId = await memberIdOf(app, ownerJar, "nurse@demo-dental.test");
    const { html } = await inviteWithForm(app, ownerJar, freshEmail("guarded"), "doctor");
    const invitationId = html.match(/\/staff\/invitations\/([0-9a-f-]{36})\/resend/)![1];
    const cases: [string, Record<string, string>][] = [
      ["/staff/invitations", { email: freshEmail("x"), role: "nurse" }],
      [`/staff/invitations/${invitationId}/resend`, {}],
      [`/staff/invitations/${invitationId}/revoke`, {}],
      [`/staff/${nurseId}/role`, { role: "doctor" }],
      [`/staff/${nurseId}/status`, { status: "deactivated" }],
    ];
    for (const [path, fields] of cases) {
      const res = await post(app, path, fields, jar);
      assertEquals(res.status, 403, path);
      assertMatch(await res.text(), /Not allowed/);
    }
    const { html: after } = await page(app, "/staff", ownerJar);
    assertMatch(after, new RegExp(`/staff/invitations/${invitationId}/resend`), "not revoked");
  });

  await step("the invite form shows a copyable link that opens the invite page", async (
    app,
  ) => {
    const jar = await signIn(app, OWNER);
    const email = freshEmail("linked");
    const { html, link, path } = await inviteWithForm(app, jar, email, "doctor");
    assertMatch(link, new RegExp(`^${ORIGIN}/invite/[A-Za-z0-9_-]{43}$`));
    assertMatch(
      html,
      /<input[^>]*readonly[^>]*id="invitation-link"|id="invitation-link"[^>]*readonly/,
    );
    assertMatch(html, new RegExp(`Invitation ready for ${email}`));
    const invite = await app.request(path);
    assertEquals(invite.status, 200);
    const invitePage = await invite.text();
    assertMatch(invitePage, /Join Demo Dental/);
    assertMatch(invitePage, /as a doctor/);
    assertMatch(invitePage, /name="confirm"/);
    assert(!/<script/i.test(invitePage), "the invite page ships no script");
    assertEquals(invite.headers.get("cache-control"), "no-store");
  });

  await step("an address already invited re-shows the form with the reason", async (app) => {
    const jar = await signIn(app, OWNER);
    const email = freshEmail("dup");
    await inviteWithForm(app, jar, email, "nurse");
    const res = await post(app, "/staff/invitations", { email, role: "nurse" }, jar);
    assertEquals(res.status, 409);
    const html = await res.text();
    assertMatch(html, /already been invited/);
    assertMatch(html, new RegExp(`value="${email}"`));
    const member = await post(app, "/staff/invitations", {
      email: "nurse@demo-dental.test",
      role: "nurse",
    }, jar);
    assertEquals(member.status, 409);
    assertMatch(await member.text(), /already a member/);
  });

  await step("resend shows a new link; revoke confirms and removes it", async (app) => {
    const jar = await signIn(app, OWNER);
    const email = freshEmail("cycle");
    const first = await inviteWithForm(app, jar, email, "reception");
    const id = first.html.match(
      new RegExp(`${email}[\\s\\S]*?/staff/invitations/([0-9a-f-]{36})/resend`),
    )![1];
    const resent = await post(app, `/staff/invitations/${id}/resend`, {}, jar);
    assertEquals(resent.status, 200);
    const resentHtml = await resent.text();
    const link = resentHtml.match(/id="invitation-link"[^>]*value="([^"]+)"/)?.[1] ??
      resentHtml.match(/value="([^"]+)"[^>]*id="invitation-link"/)![1];
    assert(link !== first.link, "a new link");
    assertEquals((await app.request(first.path)).status, 404);

    const revoked = await post(app, `/staff/invitations/${id}/revoke`, {}, jar);
    assertEquals(revoked.status, 303);
    assertEquals(revoked.headers.get("location"), "/staff?notice=invitation-revoked");
    const { html } = await page(app, "/staff?notice=invitation-revoked", jar);
    assertMatch(html, /Invitation revoked/);
    assert(!html.includes(email), "gone from the pending list");
    const gone = await app.request(new URL(link).pathname);
    assertEquals(gone.status, 410);
    assertMatch(await gone.text(), /withdrawn/);
  });

  await step("accepting an invitation checks the form and then sends to sign-in", async (
    app,
  ) => {
    const jar = await signIn(app, OWNER);
    const email = freshEmail("accept");
    const { path } = await inviteWithForm(app, jar, email, "nurse");
    const short = await post(app, path, { name: "Ayla", password: "short", confirm: "short" });
    assertEquals(short.status, 400);
    assertMatch(await short.text(), /at least 10 characters/);
    const mismatch = await post(app, path, {
      name: "Ayla",
      password: PASSWORD,
      confirm: PASSWORD + "x",
    });
    assertEquals(mismatch.status, 400);
    const mismatchHtml = await mismatch.text();
    assertMatch(mismatchHtml, /do not match/);
    assertMatch(mismatchHtml, /value="Ayla"/);
    const noName = await post(app, path, { name: " ", password: PASSWORD, confirm: PASSWORD });
    assertEquals(noName.status, 400);

    const ok = await post(app, path, {
      name: "Ayla Noor",
      password: PASSWORD,
      confirm: PASSWORD,
    });
    assertEquals(ok.status, 303);
    assertEquals(ok.headers.get("location"), "/login?reason=invited");
    await signIn(app, email, PASSWORD);
    const { html } = await page(app, "/staff", jar);
    assertMatch(html, /Ayla Noor/);

    const used = await app.request(path);
    assertEquals(used.status, 410);
    assertMatch(await used.text(), /has been used/);
    const usedPost = await post(app, path, {
      name: "X",
      password: PASSWORD,
      confirm: PASSWORD,
    });
    assertEquals(usedPost.status, 410);
  });

  await step("an existing account joins with its password, and guessing is limited", async (
    app,
  ) => {
    const jar = await signIn(app, OWNER);
    const { path } = await inviteWithForm(app, jar, "owner@second-smile.test", "doctor");
    const html = await (await app.request(path)).text();
    assertMatch(html, /already have an account/);
    assert(!html.includes('name="confirm"') && !html.includes('name="name"'), "password only");
    const wrong = await post(app, path, { password: "not-the-password" });
    assertEquals(wrong.status, 401);
    assertMatch(await wrong.text(), /not the password/);
    for (let i = 0; i < 4; i++) await post(app, path, { password: `guess-${i}-wrong` });
    const limited = await post(app, path, { password: "demo-password" });
    assertEquals(limited.status, 429, "five wrong passwords lock the form like sign-in");
    assert(limited.headers.get("retry-after"));
  });

  await step("a broken invitation link gets a friendly page", async (app) => {
    for (const token of ["nonsense", "A".repeat(43)]) {
      const res = await app.request(`/invite/${token}`);
      assertEquals(res.status, 404);
      const html = await res.text();
      assertMatch(html, /This link does not work/);
      assertMatch(html, /href="\/login"/);
    }
    const res = await post(app, `/invite/${"B".repeat(43)}`, { password: "x" });
    assertEquals(res.status, 404);
  });

  await step("the owner manages a member: role, access and permissions", async (app) => {
    const jar = await signIn(app, OWNER);
    const email = freshEmail("managed");
    const { path } = await inviteWithForm(app, jar, email, "doctor");
    await post(app, path, { name: "Managed Member", password: PASSWORD, confirm: PASSWORD });
    const id = await memberIdOf(app, jar, email);

    const { status, html } = await page(app, `/staff/${id}`, jar);
    assertEquals(status, 200);
    assertMatch(html, /Managed Member/);
    assertMatch(html, new RegExp(`action="/staff/${id}/role"`));
    assertMatch(html, new RegExp(`action="/staff/${id}/status"`));
    assertMatch(html, /Deactivate/);
    assertMatch(html, /data-island="PermissionTree"/);
    assertMatch(html, new RegExp(`saveUrl&quot;:&quot;/api/v1/staff/${id}/permissions`));
    assertMatch(html, /Follows the Doctor template/);

    const role = await post(app, `/staff/${id}/role`, { role: "reception" }, jar);
    assertEquals(role.status, 303);
    assertEquals(role.headers.get("location"), `/staff/${id}?notice=role-changed`);
    assertMatch(
      (await page(app, `/staff/${id}?notice=role-changed`, jar)).html,
      /Role updated/,
    );

    const memberJar = await signIn(app, email, PASSWORD);
    assertEquals((await app.request("/dashboard", { jar: memberJar })).status, 200);
    const off = await post(app, `/staff/${id}/status`, { status: "deactivated" }, jar);
    assertEquals(off.status, 303);
    const after = await app.request("/dashboard", { jar: memberJar });
    assertEquals(after.status, 303, "their session ended");
    const { html: deactivated } = await page(app, `/staff/${id}?notice=deactivated`, jar);
    assertMatch(deactivated, /Reactivate/);
    assertMatch(deactivated, /Deactivated/);
    const on = await post(app, `/staff/${id}/status`, { status: "active" }, jar);
    assertEquals(on.status, 303);

    const bad = await post(app, `/staff/${id}/role`, { role: "owner" }, jar);
    assertEquals(bad.status, 400);
    assertMatch(await bad.text(), /Nobody can be made owner/);
  });

  await step("the owner's and one's own page offer no changes", async (app) => {
    const jar = await signIn(app, OWNER);
    const ownerId = await memberIdOf(app, jar, OWNER);
    const { html } = await page(app, `/staff/${ownerId}`, jar);
    assertMatch(html, /role and access cannot be changed/);
    assert(
      !html.includes(`/staff/${ownerId}/role`) && !html.includes(`/staff/${ownerId}/status`),
    );
    assert(!html.includes("saveUrl"), "the owner's permissions are read-only");
  });

  await step("a doctor sees a colleague's page without any controls", async (app) => {
    const jar = await signIn(app, "doctor@demo-dental.test");
    const ownerJar = await signIn(app, OWNER);
    const nurseId = await memberIdOf(app, ownerJar, "nurse@demo-dental.test");
    const { status, html } = await page(app, `/staff/${nurseId}`, jar);
    assertEquals(status, 200);
    assertMatch(html, /Hina Malik/);
    assert(!html.includes(`/staff/${nurseId}/role`), "no role form");
    assert(!html.includes(`/staff/${nurseId}/status`), "no status form");
    assert(!html.includes("PermissionTree"), "no permissions without staff.permissions.view");
  });

  await step("another clinic's member page is a 404", async (app) => {
    const ownerJar = await signIn(app, OWNER);
    const nurseId = await memberIdOf(app, ownerJar, "nurse@demo-dental.test");
    const jar = await signIn(app, "owner@second-smile.test");
    assertEquals((await page(app, `/staff/${nurseId}`, jar)).status, 404);
    assertEquals((await page(app, "/staff/not-a-uuid", jar)).status, 404);
    const res = await post(app, `/staff/${nurseId}/status`, { status: "deactivated" }, jar);
    assertEquals(res.status, 404);
    const still = await page(app, `/staff/${nurseId}`, ownerJar);
    assertMatch(still.html, /Deactivate/);
  });
});
