/**
 * Superadmin → Users: every account on the platform, and the Invitations tab
 * with resend and revoke for any clinic's pending staff invitation.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { type UsersNotice, UsersPage, type UsersTab } from "../components/admin/UsersPage.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import {
  listPendingInvitations,
  listPlatformUsers,
  resendPlatformInvitation,
  revokePlatformInvitation,
} from "../lib/admin/platform-users.ts";
import { staffPage } from "./_page.tsx";

const INVITATIONS = "/admin/users/invitations";
const superadmin = staffPage({ superadmin: true });

/** Resend and revoke carry no fields: the invitation is in the path. */
const invitationAction = z.object({});

const NOTICES: Record<string, (email: string) => UsersNotice> = {
  resent: (email) => ({ tone: "success", text: `A new invitation link was emailed to ${email}.` }),
  revoked: (email) => ({
    tone: "success",
    text: `The invitation to ${email} is revoked; its link no longer works.`,
  }),
};

async function renderUsers(
  c: Context<AppEnv & StaffPageScope>,
  tab: UsersTab,
  notice?: UsersNotice,
) {
  const db = c.var.deps.db;
  const [people, invitations] = await Promise.all([
    listPlatformUsers(db),
    listPendingInvitations(db),
  ]);
  const code = c.req.query("notice");
  const email = c.req.query("email") ?? "";
  return c.render(
    <UsersPage
      tab={tab}
      people={people}
      invitations={invitations}
      notice={notice ?? (code && NOTICES[code] && email ? NOTICES[code](email) : undefined)}
      now={new Date()}
    />,
    { title: tab === "people" ? "Users" : "Invitations", current: "/admin/users" },
  );
}

const backToInvitations = (c: Context, notice: string, email: string) =>
  c.redirect(`${INVITATIONS}?notice=${notice}&email=${encodeURIComponent(email)}`, 303);

export const adminUsersRoutes = new Hono<AppEnv>()
  .get("/admin/users", superadmin, (c) => renderUsers(c, "people"))
  .get(INVITATIONS, superadmin, (c) => renderUsers(c, "invitations"))
  .post(`${INVITATIONS}/:id/resend`, superadmin, (c) =>
    submitForm(c, invitationAction, {
      onValid: async () => {
        const invitation = await resendPlatformInvitation(c.var.deps.db, {
          invitationId: c.req.param("id"),
          actorId: c.var.principal.userId,
          appUrl: c.var.deps.config.appUrl,
          now: new Date(),
        });
        return backToInvitations(c, "resent", invitation.email);
      },
      onProblem: (_values, problem) =>
        renderUsers(c, "invitations", { tone: "error", text: problem.message }),
    }))
  .post(`${INVITATIONS}/:id/revoke`, superadmin, (c) =>
    submitForm(c, invitationAction, {
      onValid: async () => {
        const invitation = await revokePlatformInvitation(c.var.deps.db, {
          invitationId: c.req.param("id"),
          actorId: c.var.principal.userId,
          now: new Date(),
        });
        return backToInvitations(c, "revoked", invitation.email);
      },
      onProblem: (_values, problem) =>
        renderUsers(c, "invitations", { tone: "error", text: problem.message }),
    }));
