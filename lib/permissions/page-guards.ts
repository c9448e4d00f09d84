/**
 * Permission checks for HTML pages, used after the `staffPage` session guard.
 * A refusal throws, and the error handler renders the 403 page.
 *
 * @example
 * ```ts
 * routes.get("/staff", staffPage, pageRequires("staff.view"), handler);
 * ```
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { forbidden } from "../errors.ts";
import { accessOf } from "./route-policy.ts";
import { mayOpen, type PageAccess } from "./page-access.ts";

/** Any one of the permissions opens the page. */
export function pageRequires(...anyOf: string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const access = await accessOf(c);
    if (!anyOf.some((key) => access?.permissions.has(key))) {
      throw forbidden("FORBIDDEN", "You do not have access to this page", { permission: anyOf[0] });
    }
    await next();
  };
}

/**
 * The guard of a page whose links are shown by the same rule (`PAGE_ACCESS`):
 * a missing module refuses as `pageRequiresModule` does, a missing permission
 * as `pageRequires`.
 */
export function pageAllows(rule: PageAccess): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const access = await accessOf(c);
    if (rule.module && !access?.modules.has(rule.module)) {
      throw forbidden("MODULE_DISABLED", `Module '${rule.module}' is not enabled for this clinic`);
    }
    if (!mayOpen(rule, access)) {
      throw forbidden("FORBIDDEN", "You do not have access to this page", {
        permission: rule.permission ?? rule.anyOf?.[0],
      });
    }
    await next();
  };
}

export function pageRequiresModule(moduleKey: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const access = await accessOf(c);
    if (!access?.modules.has(moduleKey)) {
      throw forbidden("MODULE_DISABLED", `Module '${moduleKey}' is not enabled for this clinic`);
    }
    await next();
  };
}

export function pageSuperadminOnly(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.principal.isSuperadmin) {
      throw forbidden("FORBIDDEN", "Only platform administrators can open this page");
    }
    await next();
  };
}
