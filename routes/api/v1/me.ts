/** The signed-in user as the client needs it to shape its UI. */
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { signedIn } from "../../../lib/permissions/route-policy.ts";
import { loadStaffContext } from "../../../lib/auth/staff-context.ts";

export const meApi = new Hono<AppEnv>()
  .get("/", signedIn(), async (c) => {
    const me = await loadStaffContext(c.var.deps, c.var.principal);
    return c.json({
      user: {
        id: me.user.id,
        email: me.user.email,
        name: me.user.name,
        isSuperadmin: me.user.isSuperadmin,
        lastLoginAt: me.user.lastLoginAt?.toISOString() ?? null,
      },
      clinic: me.clinic,
      role: me.role,
      planId: me.clinic?.planId ?? null,
      permissions: me.access ? [...me.access.permissions] : [],
      permissionSource: me.access?.source ?? null,
      modules: me.access ? [...me.access.modules] : [],
      session: { id: c.var.principal.sessionId, expiresAt: new Date(me.expiresAt).toISOString() },
    });
  });
