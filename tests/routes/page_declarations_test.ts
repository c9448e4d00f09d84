import { assert, assertEquals } from "../support/assert.ts";
import { createApp } from "../../main.ts";
import { isPageDeclaration } from "../../lib/pages/guard.ts";
import type { AppDeps } from "../../lib/http/app-env.ts";
import { createDomainHooks } from "../../lib/events/domain-hooks.ts";

/** Each page route (everything outside /api and the static files), with its handlers. */
function pageRoutes() {
  // Building the app reads the config and adds listeners to the hooks; everything else is
  // only read per request.
  const app = createApp(
    {
      config: { env: "test", appUrl: "http://localhost:8000" },
      hooks: createDomainHooks(),
    } as AppDeps,
  );
  const routes = new Map<string, unknown[]>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue;
    if (route.path.startsWith("/api/") || route.path.startsWith("/static/")) continue;
    const key = `${route.method} ${route.path}`;
    routes.set(key, [...(routes.get(key) ?? []), route.handler]);
  }
  return routes;
}

Deno.test("every page route declares its guard: staffPage(…) or publicPage()", () => {
  const routes = pageRoutes();
  for (const known of ["GET /dashboard", "GET /login", "GET /staff", "GET /calendar"]) {
    assert(routes.has(known), `the walk sees ${known}`);
  }
  const undeclared = [...routes].filter(([, handlers]) => !handlers.some(isPageDeclaration))
    .map(([key]) => key);
  assertEquals(undeclared, [], "page routes without staffPage(…) or publicPage()");
});

Deno.test("the walk notices a page that declares nothing", () => {
  const dashboard = pageRoutes().get("GET /dashboard");
  assert(dashboard?.some(isPageDeclaration), "the dashboard declares staffPage()");
  assert(!isPageDeclaration(() => {}), "a plain handler is not a declaration");
});
