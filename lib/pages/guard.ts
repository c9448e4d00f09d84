/**
 * The guard every HTML page declares, once, where the route is defined:
 * `publicPage()` or a staff page's requirement (see `routes/_page.tsx`, which
 * adds the signed-in layout). The staff guard authenticates (redirecting to
 * sign-in, or serving the resume page when only the access token lapsed),
 * loads the staff context once into `c.var.me`, puts the clinic id on the
 * context, and refuses with 403 what the requirement does not allow.
 *
 * Declarations are remembered, so a test walks the app's page routes and
 * fails on any that declares nothing.
 *
 * @example
 * ```ts
 * pages.get("/staff", staffPage({ permission: "staff.view" }), handler);
 * pages.get("/admin", staffPage({ superadmin: true }), handler);
 * pages.get("/login", publicPage(), handler);
 * ```
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../http/app-env.ts";
import { forbidden } from "../errors.ts";
import { requirePageSession } from "../auth/middleware.ts";
import { loadStaffContext } from "../auth/staff-context.ts";
import { isPermission } from "../permissions/tree.ts";

export interface PageRequirement {
  /** Any one of these permissions opens the page. A permission implies a clinic. */
  permission?: string | readonly string[];
  /** The clinic must have this module (checked before the permission). */
  module?: string;
  /** Platform administrators only. */
  superadmin?: true;
}

/** A requirement that names a permission or a module guarantees a clinic on the context. */
export type ClinicPageRequirement =
  & PageRequirement
  & ({ permission: string | readonly string[] } | { module: string });

export interface StaffPageGuardOptions {
  /** Rendered for a GET whose access token lapsed while a refresh cookie remains. */
  resume: (c: Context<AppEnv>) => Response | Promise<Response>;
}

const declarations = new WeakSet<object>();

export function isPageDeclaration(handler: unknown): boolean {
  return typeof handler === "function" && declarations.has(handler);
}

export function declarePage<H extends (...args: never[]) => unknown>(handler: H): H {
  declarations.add(handler);
  return handler;
}

/** Pages anyone may open: sign-in, invitation acceptance, the patient's respond page. */
export function publicPage(): MiddlewareHandler<AppEnv> {
  return declarePage(async (_c, next) => await next());
}

export function staffPageGuard(
  requirement: ClinicPageRequirement,
  options: StaffPageGuardOptions,
): MiddlewareHandler<AppEnv & StaffPageScope & ClinicScope>;
export function staffPageGuard(
  requirement: PageRequirement,
  options: StaffPageGuardOptions,
): MiddlewareHandler<AppEnv & StaffPageScope>;
export function staffPageGuard(
  requirement: PageRequirement,
  options: StaffPageGuardOptions,
):
  | MiddlewareHandler<AppEnv & StaffPageScope & ClinicScope>
  | MiddlewareHandler<AppEnv & StaffPageScope> {
  const anyOf = typeof requirement.permission === "string"
    ? [requirement.permission]
    : requirement.permission ?? [];
  for (const key of anyOf) {
    if (!isPermission(key)) throw new Error(`unknown permission "${key}"`);
  }
  const session = requirePageSession({ resume: options.resume });
  const guard: MiddlewareHandler<AppEnv & StaffPageScope & ClinicScope> = async (c, next) => {
    return await session(c as unknown as Context<AppEnv>, async () => {
      const me = await loadStaffContext(c.var.deps, c.var.principal);
      c.set("me", me);
      if (me.clinic) c.set("clinicId", me.clinic.id);
      c.set("access", me.access);
      if (requirement.superadmin && !me.user.isSuperadmin) {
        throw forbidden("FORBIDDEN", "Only platform administrators can open this page");
      }
      if (requirement.module && !me.access?.modules.has(requirement.module)) {
        throw forbidden(
          "MODULE_DISABLED",
          `Module '${requirement.module}' is not enabled for this clinic`,
          { module: requirement.module },
        );
      }
      if (anyOf.length && !anyOf.some((key) => me.access?.permissions.has(key))) {
        throw forbidden("FORBIDDEN", "You do not have access to this page", {
          permission: anyOf[0],
        });
      }
      await next();
    });
  };
  return guard;
}
