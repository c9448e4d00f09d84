import { assert, assertEquals } from "../../../support/assert.ts";
import { createApp } from "../../../../main.ts";
import { isRouteDeclaration } from "../../../../lib/permissions/route-policy.ts";
import type { AppDeps } from "../../../../lib/http/app-env.ts";
import { createDomainHooks } from "../../../../lib/events/domain-hooks.ts";

/** Each /api/v1 route, with the handlers registered for it (middleware included). */
function apiRoutes() {
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
    if (route.method === "ALL" || !route.path.startsWith("/api/v1/")) continue;
    const key = `${route.method} ${route.path}`;
    routes.set(key, [...(routes.get(key) ?? []), route.handler]);
  }
  return routes;
}

Deno.test("every /api/v1 route declares what it requires", () => {
  const routes = apiRoutes();
  for (const known of ["POST /api/v1/auth/login", "GET /api/v1/me", "GET /api/v1/health"]) {
    assert(routes.has(known), `the walk sees ${known}`);
  }
  const undeclared = [...routes].filter(([, handlers]) => !handlers.some(isRouteDeclaration))
    .map(([key]) => key);
  assertEquals(
    undeclared,
    [],
    "routes without publicRoute/signedIn/requirePermission/superadminOnly",
  );
});

Deno.test("the walk notices a route that declares nothing", () => {
  const routes = apiRoutes();
  const health = routes.get("GET /api/v1/health");
  assert(health?.some(isRouteDeclaration), "health is declared public");
  assert(!isRouteDeclaration(() => {}), "a plain handler is not a declaration");
});
