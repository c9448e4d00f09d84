import { assert, assertEquals, assertMatch } from "../support/assert.ts";
import { CookieJar } from "../support/cookie-jar.ts";
import { appSteps, claimsOf, type TestApp, testOnEachDatabase } from "../support/test-app.ts";
import { signAccessToken } from "../../lib/auth/access-tokens.ts";
import { readManifest } from "../../lib/islands/manifest.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function signInWithForm(app: TestApp, email: string, next?: string) {
  const jar = new CookieJar();
  const body = new URLSearchParams({ email, password: "demo-password", ...(next ? { next } : {}) });
  const res = await app.request("/login", { method: "POST", headers: FORM, body, jar });
  return { jar, res };
}

testOnEachDatabase("staff pages", async (t, db, backend) => {
  const step = appSteps(t, db);

  await step(
    "the sign-in page ships no script and carries strict security headers",
    async (app) => {
      const res = await app.request("/login");
      assertEquals(res.status, 200);
      const html = await res.text();
      assert(!/<script/i.test(html), "no <script> on an island-free page");
      assertMatch(html, /<form method="post" action="\/login"/);
      assertMatch(html, /<style data-twind>/);
      const csp = res.headers.get("content-security-policy") ?? "";
      assertMatch(csp, /script-src 'self'/);
      assertMatch(csp, /frame-ancestors 'none'/);
      assertEquals(res.headers.get("x-frame-options"), "DENY");
      assertEquals(res.headers.get("x-content-type-options"), "nosniff");
    },
  );

  await step(
    "a signed-out visitor is sent to sign in, keeping where they were going",
    async (app) => {
      const res = await app.request("/dashboard?tab=team");
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), "/login?next=%2Fdashboard%3Ftab%3Dteam");
      const root = await app.request("/");
      assertEquals(root.headers.get("location"), "/dashboard");
    },
  );

  await step(
    "signing in with the form lands on the dashboard of one's own clinic",
    async (app) => {
      const { jar, res } = await signInWithForm(app, "owner@demo-dental.test");
      assertEquals(res.status, 303);
      assertEquals(res.headers.get("location"), "/dashboard");
      assert(jar.get("odx_at") && jar.get("odx_rt"), "session cookies set");
      const page = await app.request("/dashboard", { jar });
      assertEquals(page.status, 200);
      assertEquals(page.headers.get("cache-control"), "no-store");
      const html = await page.text();
      assertMatch(html, /Demo Dental/);
      assertMatch(html, /Dr\. Bilal Ahmed/);
      assertMatch(html, /reception@demo-dental\.test/);
      assert(!html.includes("Second Smile"), "no other clinic on the page");
      assert(!html.includes("Dr. Farah Siddiqui"), "no other clinic's staff");
    },
  );

  await step("the dashboard loads exactly the bundles of the islands it shows", async (app) => {
    const { jar } = await signInWithForm(app, "nurse@demo-dental.test");
    const html = await (await app.request("/dashboard", { jar })).text();
    const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]);
    const manifest = readManifest()!.islands;
    assertEquals(
      scripts.sort(),
      [
        manifest.DashboardLive,
        manifest.LiveToasts,
        manifest.NotificationBell,
        manifest.SessionRuntime,
      ].sort(),
      "the session runtime, the notification bell, the X-ray toasts and the live panels, nothing else",
    );
    assertMatch(html, /<odx-island data-island="SessionRuntime" data-props="[^"]*expiresInMs/);
    const bundle = await app.request(scripts[0]);
    assertEquals(bundle.status, 200);
    assertMatch(bundle.headers.get("content-type")!, /javascript/);
    assertMatch(bundle.headers.get("cache-control")!, /immutable/);
    await bundle.body?.cancel();
  });

  await step("another clinic's owner sees only their own clinic", async (app) => {
    const { jar } = await signInWithForm(app, "owner@second-smile.test");
    const html = await (await app.request("/dashboard", { jar })).text();
    assertMatch(html, /Second Smile/);
    assert(!html.includes("Demo Dental"), "Demo Dental never shown");
    assert(!html.includes("doctor@demo-dental.test"));
  });

  await step("the superadmin lands on the platform overview", async (app) => {
    const { jar } = await signInWithForm(app, "superadmin@odontox.test");
    const dashboard = await app.request("/dashboard", { jar });
    assertEquals(dashboard.status, 303);
    assertEquals(dashboard.headers.get("location"), "/admin");
    const html = await (await app.request("/admin", { jar })).text();
    assertMatch(html, /Platform overview/);
    assertMatch(html, /MRR/);
  });

  await step(
    "a wrong password re-shows the form with an error and sets nothing",
    async (app) => {
      const body = new URLSearchParams({ email: "owner@demo-dental.test", password: "wrong" });
      const res = await app.request("/login", { method: "POST", headers: FORM, body });
      assertEquals(res.status, 401);
      assertMatch(await res.text(), /Email or password is incorrect/);
      assertEquals(res.headers.getSetCookie(), []);
      const empty = await app.request("/login", { method: "POST", headers: FORM, body: "" });
      assertEquals(empty.status, 400);
      assertMatch(await empty.text(), /Enter your email address and password/);
    },
  );

  await step("the login form never redirects off-site", async (app) => {
    for (const next of ["//evil.example/x", "https://evil.example", "/\\evil.example"]) {
      const { res } = await signInWithForm(app, "doctor@demo-dental.test", next);
      assertEquals(res.headers.get("location"), "/dashboard", next);
    }
    const { res } = await signInWithForm(app, "doctor@demo-dental.test", "/account/sessions");
    assertEquals(res.headers.get("location"), "/account/sessions");
  });

  await step("a signed-in user opening /login goes straight to the dashboard", async (app) => {
    const { jar } = await signInWithForm(app, "doctor@demo-dental.test");
    const res = await app.request("/login", { jar });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/dashboard");
  });

  await step(
    "a lapsed access token with a live refresh cookie gets the resume page",
    async (app) => {
      const { jar } = await signInWithForm(app, "doctor@demo-dental.test");
      const claims = claimsOf(jar.get("odx_at")!);
      const { token } = await signAccessToken(
        {
          userId: claims.sub,
          sessionId: claims.sid,
          clinicId: claims.cid,
          isSuperadmin: false,
        },
        app.deps.config.jwtSecret,
        900,
        new Date(Date.now() - 20 * 60_000),
      );
      const res = await app.request("/dashboard", {
        headers: { cookie: `odx_at=${token}; odx_rt=${jar.get("odx_rt")}` },
      });
      assertEquals(res.status, 200);
      assertEquals(res.headers.get("cache-control"), "no-store");
      const html = await res.text();
      assertMatch(html, /Resuming your session/);
      assertMatch(html, /data-island="SessionRuntime"[^>]*resume/);
      assert(!html.includes("Dr. Bilal Ahmed"), "no clinic data without a valid token");
      const noRefresh = await app.request("/dashboard", {
        headers: { cookie: `odx_at=${token}` },
      });
      assertEquals(noRefresh.status, 303);
    },
  );

  await step("signing out from the page ends the session", async (app) => {
    const { jar } = await signInWithForm(app, "reception@demo-dental.test");
    const token = jar.get("odx_at")!;
    const res = await app.request("/logout", { method: "POST", jar });
    assertEquals(res.status, 303);
    assertEquals(res.headers.get("location"), "/login?reason=signed-out");
    assertEquals(jar.get("odx_at"), undefined);
    const after = await app.request("/dashboard", { headers: { cookie: `odx_at=${token}` } });
    assertEquals(after.status, 303, "the old cookie no longer opens the dashboard");
    const login = await app.request("/login?reason=signed-out");
    assertMatch(await login.text(), /You have been signed out/);
  });

  await step(
    "my sessions lists each device and revokes one, never someone else's",
    async (app) => {
      const laptop = await signInWithForm(app, "owner@demo-dental.test");
      const tablet = await signInWithForm(app, "owner@demo-dental.test");
      const other = await signInWithForm(app, "owner@second-smile.test");
      const html = await (await app.request("/account/sessions", { jar: laptop.jar })).text();
      assertMatch(html, /This device/);
      const tabletSid = claimsOf(tablet.jar.get("odx_at")!).sid;
      assert(html.includes(tabletSid), "the other device is listed");
      const otherSid = claimsOf(other.jar.get("odx_at")!).sid;
      assert(!html.includes(otherSid), "another user's session is not listed");

      const foreign = await app.request(`/account/sessions/${otherSid}/revoke`, {
        method: "POST",
        jar: laptop.jar,
      });
      assertEquals(foreign.status, 303);
      assertEquals((await app.request("/api/v1/me", { jar: other.jar })).status, 200);

      const revoke = await app.request(`/account/sessions/${tabletSid}/revoke`, {
        method: "POST",
        jar: laptop.jar,
      });
      assertEquals(revoke.headers.get("location"), "/account/sessions");
      assertEquals((await app.request("/api/v1/me", { jar: tablet.jar })).status, 401);
      assertEquals((await app.request("/api/v1/me", { jar: laptop.jar })).status, 200);
    },
  );

  await step(
    "unknown pages get a finished 404 page; unknown API paths get JSON",
    async (app) => {
      const page = await app.request("/no-such-page");
      assertEquals(page.status, 404);
      const html = await page.text();
      assertMatch(html, /Page not found/);
      assert(!/<script/i.test(html));
      const api = await app.request("/api/v1/no-such-thing");
      assertEquals(api.status, 404);
      assertEquals(await api.json(), { error: "Not found", code: "NOT_FOUND" });
      const traversal = await app.request("/static/..%2F..%2Fdeno.json");
      assertEquals(traversal.status, 404);
    },
  );

  await step("a failure shows the error page and keeps its details in the log", async (app) => {
    app.app.get("/boom", () => {
      throw new Error("connection string postgres://secret@db");
    });
    app.app.get("/api/v1/boom", () => {
      throw new Error("connection string postgres://secret@db");
    });
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(...args);
    try {
      const page = await app.request("/boom");
      assertEquals(page.status, 500);
      const html = await page.text();
      assertMatch(html, /Something went wrong/);
      assert(!html.includes("secret"), "no internals in the page");
      const api = await app.request("/api/v1/boom");
      assertEquals(api.status, 500);
      assertEquals(await api.json(), {
        error: "Something went wrong on our side",
        code: "INTERNAL",
      });
    } finally {
      console.error = original;
    }
    assert(logged.some((entry) => String(entry).includes("secret")), "the log has the cause");
  });

  await step("health reports the database and KV", async (app) => {
    const res = await app.request("/api/v1/health");
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(body.status, "ok");
    assertEquals(body.database.ok, true);
    assertEquals(body.database.backend, backend.name);
    assertEquals(body.kv.ok, true);
  });
});
