/**
 * What every `/api/v1` route requires, declared where the route is defined:
 * `publicRoute()`, `signedIn()`, `requirePermission(key)` or
 * `superadminOnly()`. Each factory's middleware is remembered, so a test can
 * walk the app's routes and fail on any route that declares nothing.
 *
 * @example
 * ```ts
 * api.get("/staff", requirePermission("staff.view"), handler);
 * api.post("/auth/login", publicRoute(), handler);
 * ```
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, ClinicScope } from "../http/app-env.ts";
import { forbidden } from "../errors.ts";
import { requireApiSession } from "../auth/middleware.ts";
import type { Access } from "./access.ts";
import { isPermission } from "./tree.ts";

const declarations = new WeakSet<object>();

export function isRouteDeclaration(handler: unknown): boolean {
  return typeof handler === "function" && declarations.has(handler);
}

function declare<H extends MiddlewareHandler>(handler: H): H {
  declarations.add(handler);
  return handler;
}

/** What `accessOf` reads and writes: any signed-in context, clinic-scoped or not. */
type AccessContext = {
  var: Context<AppEnv>["var"];
  set(key: "access", value: Access | null): void;
};

/**
 * The signed-in member's access to their clinic, once per request, from the
 * instance's principal cache when it holds it.
 */
export async function accessOf(c: AccessContext): Promise<Access | null> {
  if (c.var.access !== undefined) return c.var.access;
  const { principal } = c.var;
  const facts = principal.clinicId
    ? await c.var.deps.principals.load(principal.userId, principal.clinicId)
    : null;
  const access = facts?.access ?? null;
  c.set("access", access);
  return access;
}

/**
 * The session middleware knows only `AppEnv`; a guard that adds the clinic to
 * the context hands it the same context under that type.
 */
const withoutScope = (c: Context<AppEnv & ClinicScope>) => c as unknown as Context<AppEnv>;

export function publicRoute(): MiddlewareHandler<AppEnv> {
  return declare(async (_c, next) => await next());
}

/** Any signed-in user, whatever their permissions (their own profile, sessions). */
export function signedIn(): MiddlewareHandler<AppEnv> {
  return declare(requireApiSession());
}

/**
 * A permission implies a clinic: the handlers after it read the signed-in
 * clinic as `c.var.clinicId`, a plain string.
 */
export function requirePermission(
  permission: string,
): MiddlewareHandler<AppEnv & ClinicScope> {
  if (!isPermission(permission)) throw new Error(`unknown permission "${permission}"`);
  const session = requireApiSession();
  return declare<MiddlewareHandler<AppEnv & ClinicScope>>(async (c, next) => {
    await session(withoutScope(c), async () => {
      const access = await accessOf(c);
      if (!access?.permissions.has(permission)) {
        throw forbidden("FORBIDDEN", `You do not have permission "${permission}"`, {
          permission,
        });
      }
      c.set("clinicId", access.clinicId);
      await next();
    });
  });
}

export function superadminOnly(): MiddlewareHandler<AppEnv> {
  const session = requireApiSession();
  return declare(async (c, next) => {
    await session(c, async () => {
      if (!c.var.principal.isSuperadmin) {
        throw forbidden("FORBIDDEN", "Only platform administrators can do this", {
          permission: "superadmin",
        });
      }
      await next();
    });
  });
}

/**
 * A module's routes answer 403 when the clinic does not have the module,
 * whatever the member's permissions: a clinic that switched a module off (or
 * whose plan lacks it) must not reach its data through a permission granted
 * earlier. Goes before the permission, so the answer names the module rather
 * than a permission it implies. Like a permission, it puts `c.var.clinicId`
 * on the context.
 */
export function requireModule(moduleKey: string): MiddlewareHandler<AppEnv & ClinicScope> {
  const session = requireApiSession();
  return async (c, next) => {
    await session(withoutScope(c), async () => {
      const access = await accessOf(c);
      if (!access) throw forbidden("NO_CLINIC", "No clinic context");
      if (!access.modules.has(moduleKey)) {
        throw forbidden(
          "MODULE_DISABLED",
          `Module '${moduleKey}' is not enabled for this clinic`,
          { module: moduleKey },
        );
      }
      c.set("clinicId", access.clinicId);
      await next();
    });
  };
}
