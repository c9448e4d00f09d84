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
import type { AppEnv } from "../http/app-env.ts";
import { forbidden } from "../errors.ts";
import { requireApiSession } from "../auth/middleware.ts";
import type { Access } from "./access.ts";
import { isPermission } from "./tree.ts";

const declarations = new WeakSet<object>();

export function isRouteDeclaration(handler: unknown): boolean {
  return typeof handler === "function" && declarations.has(handler);
}

function declare(handler: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  declarations.add(handler);
  return handler;
}

/**
 * The signed-in member's access to their clinic, once per request, from the
 * instance's principal cache when it holds it.
 */
export async function accessOf(c: Context<AppEnv>): Promise<Access | null> {
  if (c.var.access !== undefined) return c.var.access;
  const { principal } = c.var;
  const facts = principal.clinicId
    ? await c.var.deps.principals.load(principal.userId, principal.clinicId)
    : null;
  const access = facts?.access ?? null;
  c.set("access", access);
  return access;
}

export function publicRoute(): MiddlewareHandler<AppEnv> {
  return declare(async (_c, next) => await next());
}

/** Any signed-in user, whatever their permissions (their own profile, sessions). */
export function signedIn(): MiddlewareHandler<AppEnv> {
  return declare(requireApiSession());
}

export function requirePermission(permission: string): MiddlewareHandler<AppEnv> {
  if (!isPermission(permission)) throw new Error(`unknown permission "${permission}"`);
  const session = requireApiSession();
  return declare(async (c, next) => {
    await session(c, async () => {
      const access = await accessOf(c);
      if (!access?.permissions.has(permission)) {
        throw forbidden("FORBIDDEN", `You do not have permission "${permission}"`, {
          permission,
        });
      }
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
 * Seed 003 §3.1: a module's routes answer 403 when the clinic does not have
 * the module, whatever the member's permissions. Goes before the permission,
 * so the answer names the module rather than a permission it implies.
 */
export function requireModule(moduleKey: string): MiddlewareHandler<AppEnv> {
  const session = requireApiSession();
  return async (c, next) => {
    await session(c, async () => {
      const access = await accessOf(c);
      if (!access) throw forbidden("NO_CLINIC", "No clinic context");
      if (!access.modules.has(moduleKey)) {
        throw forbidden(
          "MODULE_DISABLED",
          `Module '${moduleKey}' is not enabled for this clinic`,
          { module: moduleKey },
        );
      }
      await next();
    });
  };
}
