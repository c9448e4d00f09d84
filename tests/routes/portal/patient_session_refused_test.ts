/**
 * A patient portal session is never a staff session: walking every route the
 * app registers, each one that refuses an anonymous request as "sign in
 * first" (a staff page or staff API) refuses a patient session with 403 or
 * 404, and never runs for it.
 */
import { assert, assertEquals } from "../../support/assert.ts";
import { appSteps, testOnEachDatabase } from "../../support/test-app.ts";
import { portalSignIn } from "./portal_support.ts";

const SOME_ID = "00000000-0000-4000-8000-000000000001";

/** A concrete path for a route pattern: every parameter an id, every wildcard a segment. */
function concrete(path: string): string {
  return path.replace(/:[A-Za-z_]+(\{[^}]*\})?\??/g, SOME_ID).replace(/\*/g, "x");
}

/**
 * Staff routes refuse an anonymous caller like this: 401 `UNAUTHENTICATED`,
 * or the redirect to sign-in that comes back afterwards. Public routes with a
 * credential of their own (a device key, a refresh cookie) answer otherwise.
 */
async function asksToSignIn(res: Response): Promise<boolean> {
  if (res.status === 401) {
    return (await res.json().catch(() => ({}))).code === "UNAUTHENTICATED";
  }
  await res.body?.cancel();
  const location = res.headers.get("location") ?? "";
  return res.status === 303 && (location === "/login" || location.startsWith("/login?next="));
}

testOnEachDatabase("a patient session on staff routes", async (t, database) => {
  const step = appSteps(t, database);

  await step("every staff page and API answers a patient session 403 or 404", async (app) => {
    const patient = await portalSignIn(app);
    const seen = new Set<string>();
    const staff: string[] = [];
    const leaks: string[] = [];
    for (const route of app.app.routes) {
      if (route.method === "ALL") continue;
      const key = `${route.method} ${route.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (/^\/(portal|patient-invite|static)(\/|$)/.test(route.path)) continue;
      const path = concrete(route.path);
      const api = path.startsWith("/api/");
      const init = (): RequestInit =>
        route.method === "GET" || route.method === "HEAD" ? { method: route.method } : {
          method: route.method,
          headers: {
            "content-type": api ? "application/json" : "application/x-www-form-urlencoded",
          },
          body: api ? "{}" : "",
        };
      const anonymous = await app.request(path, { ...init(), redirect: "manual" });
      if (!(await asksToSignIn(anonymous))) continue;
      staff.push(key);
      const res = await app.request(path, { ...init(), jar: patient, redirect: "manual" });
      const body = await res.text();
      if (![403, 404].includes(res.status)) leaks.push(`${key} → ${res.status}`);
      else if (res.status === 403 && api) {
        assertEquals(JSON.parse(body).code, "PATIENT_SESSION", key);
      }
    }
    assertEquals(leaks, [], "staff routes that did not refuse the patient session");
    // The walk covered the staff app, not a handful of routes.
    for (
      const known of ["GET /dashboard", "GET /patients/:id", "GET /api/v1/me", "GET /calendar"]
    ) {
      assert(staff.includes(known), `the walk saw ${known}`);
    }
    assert(staff.length > 100, `only ${staff.length} staff routes seen`);
  });

  await step("a staff page tells a patient where their portal is", async (app) => {
    const patient = await portalSignIn(app);
    const res = await app.request("/dashboard", { jar: patient });
    assertEquals(res.status, 403);
    const html = await res.text();
    assert(html.includes("/portal"), "the refusal points to the portal");
  });

  await step("a staff sign-in in the same browser drops the patient session", async (app) => {
    const jar = await portalSignIn(app);
    const res = await app.json("POST", "/api/v1/auth/login", {
      email: "owner@demo-dental.test",
      password: "demo-password",
    }, { jar });
    assertEquals(res.status, 200);
    await res.body?.cancel();
    assertEquals(jar.get("odx_ps"), undefined);
    const dashboard = await app.request("/dashboard", { jar });
    assertEquals(dashboard.status, 200);
    await dashboard.body?.cancel();
  });
});
