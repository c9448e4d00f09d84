import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, claimsOf, testOnEachDatabase } from "../../../support/test-app.ts";
import { CookieJar } from "../../../support/cookie-jar.ts";
import { signAccessToken } from "../../../../lib/auth/access-tokens.ts";
import { findAccountByEmail } from "../../../../lib/auth/accounts.ts";

const OWNER = "owner@demo-dental.test";

testOnEachDatabase("auth API", async (t, db) => {
  const step = appSteps(t, db);

  await step(
    "a correct password signs in with HttpOnly cookies and JSON tokens",
    async (app) => {
      const before = Date.now();
      const jar = new CookieJar();
      const res = await app.json("POST", "/api/v1/auth/login", {
        email: OWNER,
        password: "demo-password",
      }, { jar });
      assertEquals(res.status, 200);
      const body = await res.json();
      assertEquals(body.user.email, OWNER);
      assert(body.accessToken.split(".").length === 3, "access token is a JWT");
      assertMatch(body.refreshToken, /^[A-Za-z0-9_-]{43}$/);
      const expiresIn = Date.parse(body.expiresAt) - before;
      assert(
        expiresIn > 14 * 60_000 && expiresIn <= 15 * 60_000 + 1000,
        `15 min, got ${expiresIn}`,
      );
      for (const name of ["odx_at", "odx_rt"]) {
        const cookie = jar.cookies.get(name);
        assert(cookie, `${name} cookie set`);
        assert(cookie.attributes.includes("HttpOnly"));
        assert(cookie.attributes.includes("SameSite=Lax"));
        assert(cookie.attributes.includes("Path=/"));
        assert(!cookie.attributes.includes("Secure"), "no Secure flag on http://localhost");
      }
      assertEquals(jar.get("odx_rt"), body.refreshToken);
      assertEquals(res.headers.get("cache-control"), "no-store");
    },
  );

  await step("cookies are Secure when the app is served over https", async (app) => {
    const res = await app.json(
      "POST",
      "https://clinic.odontox.example/api/v1/auth/login",
      { email: OWNER, password: "demo-password" },
      { headers: { origin: "https://clinic.odontox.example" } },
    );
    assertEquals(res.status, 200);
    const cookies = res.headers.getSetCookie();
    assertEquals(cookies.length, 2);
    for (const cookie of cookies) assertMatch(cookie, /; Secure/);
  });

  await step("signing in records last_login_at and accepts any email casing", async (app) => {
    const before = new Date(Date.now() - 1000);
    const res = await app.json("POST", "/api/v1/auth/login", {
      email: "  Doctor@Demo-Dental.TEST ",
      password: "demo-password",
    });
    assertEquals(res.status, 200);
    const account = await findAccountByEmail(app.deps.db, "doctor@demo-dental.test");
    assert(account?.lastLoginAt && account.lastLoginAt >= before, "last_login_at written");
  });

  await step("a wrong password and an unknown email get the same 401", async (app) => {
    const wrong = await app.json("POST", "/api/v1/auth/login", {
      email: OWNER,
      password: "nope",
    });
    const unknown = await app.json("POST", "/api/v1/auth/login", {
      email: "nobody@demo-dental.test",
      password: "demo-password",
    });
    assertEquals(wrong.status, 401);
    assertEquals(unknown.status, 401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    assertEquals(a.code, "INVALID_CREDENTIALS");
    assertEquals(a, b);
    assertEquals(wrong.headers.getSetCookie(), []);
  });

  await step("login attempts are limited per IP", async (app) => {
    for (let i = 0; i < 3; i++) {
      const res = await app.json(
        "POST",
        "/api/v1/auth/login",
        { email: OWNER, password: "x" },
        {
          ip: "198.51.100.1",
        },
      );
      assertEquals(res.status, 401);
    }
    const limited = await app.json("POST", "/api/v1/auth/login", {
      email: OWNER,
      password: "demo-password",
    }, { ip: "198.51.100.1" });
    assertEquals(limited.status, 429);
    assertEquals((await limited.json()).code, "RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    assert(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
    const elsewhere = await app.json("POST", "/api/v1/auth/login", {
      email: OWNER,
      password: "demo-password",
    }, { ip: "198.51.100.2" });
    assertEquals(elsewhere.status, 200);
  }, { LOGIN_RATE_LIMIT_PER_IP: "3", LOGIN_RATE_LIMIT_PER_ACCOUNT: "50" });

  await step("failed attempts are limited per account, from any IP", async (app) => {
    for (let i = 0; i < 3; i++) {
      const res = await app.json(
        "POST",
        "/api/v1/auth/login",
        { email: OWNER, password: "x" },
        {
          ip: `192.0.2.${i + 1}`,
        },
      );
      assertEquals(res.status, 401);
    }
    const locked = await app.json("POST", "/api/v1/auth/login", {
      email: OWNER,
      password: "demo-password",
    }, { ip: "192.0.2.99" });
    assertEquals(locked.status, 429);
    assert(Number(locked.headers.get("retry-after")) > 0);
    const other = await app.json("POST", "/api/v1/auth/login", {
      email: "nurse@demo-dental.test",
      password: "demo-password",
    }, { ip: "192.0.2.99" });
    assertEquals(other.status, 200);
  }, { LOGIN_RATE_LIMIT_PER_ACCOUNT: "3" });

  await step("malformed login bodies are refused with a clear 4xx", async (app) => {
    const form = await app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "email=a",
    });
    assertEquals(form.status, 415);
    assertEquals((await form.json()).code, "UNSUPPORTED_MEDIA_TYPE");
    const broken = await app.json("POST", "/api/v1/auth/login", "{not json");
    assertEquals(broken.status, 400);
    assertEquals((await broken.json()).code, "BAD_REQUEST");
    const missing = await app.json("POST", "/api/v1/auth/login", { email: OWNER });
    assertEquals(missing.status, 400);
    const body = await missing.json();
    assertEquals(body.code, "VALIDATION_FAILED");
    assertMatch(body.error, /password/);
    const notEmail = await app.json("POST", "/api/v1/auth/login", {
      email: "not-an-email",
      password: "x",
    });
    assertEquals(notEmail.status, 400);
  });

  await step("/me answers for a Bearer token and for the cookie", async (app) => {
    const { jar, body } = await app.login(OWNER);
    const bearer = await app.request("/api/v1/me", {
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    assertEquals(bearer.status, 200);
    const me = await bearer.json();
    assertEquals(me.user.email, OWNER);
    assertEquals(me.clinic.name, "Demo Dental");
    assertEquals(me.clinic.timeZone, "Asia/Karachi");
    assertEquals(me.role, "owner");
    assertEquals(me.planId, "pro");
    assert(me.permissions.includes("staff.permissions.edit"), "owner holds staff keys");
    assert(me.permissions.includes("inventory.items.view"), "Pro includes inventory");
    assert(!me.permissions.includes("whatsapp.view"), "WhatsApp add-on is off");
    assert(!me.permissions.includes("radiology.dicom.analyze"), "DICOM AI is Pro+ only");
    assertEquals(me.modules.sort(), [
      "bridge",
      "dicom",
      "inventory",
      "lab",
      "reports",
      "treatment",
    ]);
    const cookie = await app.request("/api/v1/me", { jar });
    assertEquals(cookie.status, 200);
    assertEquals((await cookie.json()).user.id, me.user.id);
  });

  await step("/me without a session is a 401", async (app) => {
    const res = await app.request("/api/v1/me");
    assertEquals(res.status, 401);
    assertEquals((await res.json()).code, "UNAUTHENTICATED");
  });

  await step("an expired access token answers TOKEN_EXPIRED", async (app) => {
    const { body } = await app.login(OWNER);
    const claims = claimsOf(body.accessToken);
    const { token } = await signAccessToken(
      { userId: claims.sub, sessionId: claims.sid, clinicId: claims.cid, isSuperadmin: false },
      app.deps.config.jwtSecret,
      900,
      new Date(Date.now() - 16 * 60_000),
    );
    const res = await app.request("/api/v1/me", {
      headers: { authorization: `Bearer ${token}` },
    });
    assertEquals(res.status, 401);
    assertEquals((await res.json()).code, "TOKEN_EXPIRED");
  });

  await step("a tampered or foreign access token answers INVALID_TOKEN", async (app) => {
    const { body } = await app.login(OWNER);
    const [header, payload, signature] = body.accessToken.split(".");
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = btoa(JSON.stringify({ ...claims, sa: true })).replace(/=+$/, "")
      .replace(/\+/g, "-").replace(/\//g, "_");
    const { token: otherSecret } = await signAccessToken(
      { userId: claims.sub, sessionId: claims.sid, clinicId: claims.cid, isSuperadmin: false },
      "another-secret-another-secret-another-secret",
      900,
    );
    const unsigned = `${btoa('{"alg":"none","typ":"JWT"}').replace(/=+$/, "")}.${payload}.`;
    for (
      const token of [`${header}.${forged}.${signature}`, otherSecret, unsigned, "abc", "a.b.c"]
    ) {
      const res = await app.request("/api/v1/me", {
        headers: { authorization: `Bearer ${token}` },
      });
      assertEquals(res.status, 401, token);
      assertEquals((await res.json()).code, "INVALID_TOKEN");
    }
  });

  await step("refresh rotates both tokens through the cookie", async (app) => {
    const { jar, body } = await app.login(OWNER);
    const res = await app.json("POST", "/api/v1/auth/refresh", {}, { jar });
    assertEquals(res.status, 200);
    const next = await res.json();
    assert(next.refreshToken !== body.refreshToken, "refresh token rotated");
    assert(next.accessToken !== body.accessToken, "new access token");
    assertEquals(jar.get("odx_rt"), next.refreshToken);
    assertEquals(jar.get("odx_at"), next.accessToken);
    assertEquals((await app.request("/api/v1/me", { jar })).status, 200);
  });

  await step("refresh takes the token from the body for API clients", async (app) => {
    const { body } = await app.login(OWNER);
    const res = await app.json("POST", "/api/v1/auth/refresh", {
      refreshToken: body.refreshToken,
    });
    assertEquals(res.status, 200);
    const next = await res.json();
    const again = await app.json("POST", "/api/v1/auth/refresh", {
      refreshToken: next.refreshToken,
    });
    assertEquals(again.status, 200);
  });

  await step(
    "a reused refresh token revokes the whole session, successor included",
    async (app) => {
      const { body } = await app.login(OWNER);
      const first = await app.json("POST", "/api/v1/auth/refresh", {
        refreshToken: body.refreshToken,
      });
      assertEquals(first.status, 200);
      const successor = await first.json();

      const replay = await app.json("POST", "/api/v1/auth/refresh", {
        refreshToken: body.refreshToken,
      });
      assertEquals(replay.status, 401);
      assertEquals((await replay.json()).code, "SESSION_REVOKED");

      const successorRefresh = await app.json("POST", "/api/v1/auth/refresh", {
        refreshToken: successor.refreshToken,
      });
      assertEquals(successorRefresh.status, 401);
      assertEquals((await successorRefresh.json()).code, "SESSION_REVOKED");
      const me = await app.request("/api/v1/me", {
        headers: { authorization: `Bearer ${successor.accessToken}` },
      });
      assertEquals(me.status, 401);
      assertEquals((await me.json()).code, "SESSION_REVOKED");
    },
  );

  await step(
    "twenty parallel refreshes of one token yield exactly one success",
    async (app) => {
      const { body } = await app.login(OWNER);
      const results = await Promise.all(
        Array.from(
          { length: 20 },
          () => app.json("POST", "/api/v1/auth/refresh", { refreshToken: body.refreshToken }),
        ),
      );
      const statuses = results.map((r) => r.status);
      assertEquals(statuses.filter((s) => s === 200).length, 1, statuses.join(","));
      assertEquals(statuses.filter((s) => s === 401).length, 19);
      for (const r of results) await r.body?.cancel();
    },
  );

  await step("unknown and malformed refresh tokens are refused", async (app) => {
    const unknown = await app.json("POST", "/api/v1/auth/refresh", {
      refreshToken: "A".repeat(43),
    });
    assertEquals(unknown.status, 401);
    assertEquals((await unknown.json()).code, "INVALID_TOKEN");
    const none = await app.json("POST", "/api/v1/auth/refresh", {});
    assertEquals(none.status, 401);
    const wrongType = await app.json("POST", "/api/v1/auth/refresh", { refreshToken: 42 });
    assertEquals(wrongType.status, 400);
    const extra = await app.json("POST", "/api/v1/auth/refresh", {
      refreshToken: "x",
      admin: true,
    });
    assertEquals(extra.status, 400);
  });

  await step("logout ends the session at once", async (app) => {
    const { jar, body } = await app.login(OWNER);
    const res = await app.json("POST", "/api/v1/auth/logout", undefined, { jar });
    assertEquals(res.status, 200);
    assertEquals(jar.get("odx_at"), undefined, "cookies cleared");
    const me = await app.request("/api/v1/me", {
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    assertEquals(me.status, 401);
    assertEquals((await me.json()).code, "SESSION_REVOKED");
    const refresh = await app.json("POST", "/api/v1/auth/refresh", {
      refreshToken: body.refreshToken,
    });
    assertEquals(refresh.status, 401);
    assertEquals((await app.json("POST", "/api/v1/auth/logout")).status, 401);
  });

  await step("a user sees their sessions and can end one of them", async (app) => {
    const phone = await app.login(OWNER);
    const desktop = await app.login(OWNER);
    const list = await app.request("/api/v1/auth/sessions", { jar: desktop.jar });
    assertEquals(list.status, 200);
    const { sessions } = await list.json();
    assert(sessions.length >= 2);
    assertEquals(sessions.filter((s: { current: boolean }) => s.current).length, 1);
    const phoneClaims = claimsOf(phone.body.accessToken);
    const del = await app.request(`/api/v1/auth/sessions/${phoneClaims.sid}`, {
      method: "DELETE",
      jar: desktop.jar,
    });
    assertEquals(del.status, 200);
    assertEquals((await app.request("/api/v1/me", { jar: phone.jar })).status, 401);
    assertEquals((await app.request("/api/v1/me", { jar: desktop.jar })).status, 200);
  });

  await step("another user's session cannot be seen or ended", async (app) => {
    const mine = await app.login(OWNER);
    const theirs = await app.login("owner@second-smile.test");
    const theirClaims = claimsOf(theirs.body.accessToken);
    const listed = await (await app.request("/api/v1/auth/sessions", { jar: mine.jar })).json();
    assert(!listed.sessions.some((s: { id: string }) => s.id === theirClaims.sid));
    const del = await app.request(`/api/v1/auth/sessions/${theirClaims.sid}`, {
      method: "DELETE",
      jar: mine.jar,
    });
    assertEquals(del.status, 404);
    assertEquals((await app.request("/api/v1/me", { jar: theirs.jar })).status, 200);
    const noSession = await app.request(`/api/v1/auth/sessions/${theirClaims.sid}`, {
      method: "DELETE",
    });
    assertEquals(noSession.status, 401);
  });

  await step("sign out everywhere ends every session of the user", async (app) => {
    const a = await app.login("nurse@demo-dental.test");
    const b = await app.login("nurse@demo-dental.test");
    const res = await app.json("POST", "/api/v1/auth/logout-all", undefined, { jar: a.jar });
    assertEquals(res.status, 200);
    assert((await res.json()).revoked >= 2);
    assertEquals((await app.request("/api/v1/me", { jar: b.jar })).status, 401);
    assertEquals((await app.request("/api/v1/me", { jar: a.jar })).status, 401);
  });

  await step("cross-site requests riding on the session cookie are refused", async (app) => {
    const { jar } = await app.login(OWNER);
    const attempts: { headers: Record<string, string>; noOrigin?: boolean }[] = [
      { headers: { origin: "https://evil.example" } },
      { headers: { "sec-fetch-site": "cross-site" } },
      { headers: { "sec-fetch-site": "same-site" } },
      { headers: {}, noOrigin: true },
    ];
    for (const attempt of attempts) {
      const res = await app.request("/api/v1/auth/logout-all", {
        method: "POST",
        jar,
        ...attempt,
      });
      assertEquals(res.status, 403, JSON.stringify(attempt));
      assertEquals((await res.json()).code, "CSRF_REJECTED");
    }
    assertEquals((await app.request("/api/v1/me", { jar })).status, 200, "session untouched");
    const form = await app.request("/login", {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        "content-type": "application/x-www-form-urlencoded",
      },
      body: "email=owner%40demo-dental.test&password=demo-password",
    });
    assertEquals(form.status, 403, "login CSRF refused");
  });

  await step(
    "Bearer clients without cookies are not subject to the origin check",
    async (app) => {
      const { body } = await app.login(OWNER);
      const res = await app.request("/api/v1/auth/logout", {
        method: "POST",
        headers: {
          authorization: `Bearer ${body.accessToken}`,
          origin: "https://integrations.example",
        },
      });
      assertEquals(res.status, 200);
    },
  );
});
