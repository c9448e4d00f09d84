/**
 * Staff Management: the team with each member's role, status and last
 * sign-in; invitations (create, resend, revoke); and a member's page with
 * their role, access and individual permissions. Every control shows only to
 * someone allowed to use it, and the forms post to routes that check the same
 * permission and call the same lib functions as /api/v1/staff.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { MemberPage, type MemberPageProps } from "../components/staff/MemberPage.tsx";
import { STAFF_NOTICES } from "../components/staff/notices.ts";
import { StaffPage, type StaffPageProps } from "../components/staff/StaffPage.tsx";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { staffControls } from "../lib/staff/controls.ts";
import { invitationForm, roleForm, statusForm } from "../lib/staff/forms.ts";
import {
  invitationLink,
  inviteMember,
  resendInvitation,
  revokeInvitation,
} from "../lib/staff/invitations.ts";
import { changeRole, endClinicSessions, setStatus } from "../lib/staff/members.ts";
import { memberDetail, teamOverview } from "../lib/staff/overview.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";

type StaffPageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

async function showTeam(
  c: StaffPageContext,
  state: Pick<StaffPageProps, "notice" | "link" | "invite"> = {},
) {
  const { deps, me, clinicId } = c.var;
  const controls = staffControls(me.access);
  const team = await teamOverview(deps.db, clinicId, {
    withInvitations: controls.viewInvitations,
  });
  return c.render(
    <StaffPage
      clinicName={me.clinic!.name}
      timeZone={me.clinic!.timeZone}
      team={team}
      controls={controls}
      now={new Date()}
      {...state}
    />,
    { title: "Staff", current: "/staff" },
  );
}

async function showMember(
  c: StaffPageContext,
  memberId: string,
  state: Pick<MemberPageProps, "notice" | "error"> = {},
) {
  const { deps, me, clinicId } = c.var;
  const controls = staffControls(me.access);
  const detail = await memberDetail(deps.db, clinicId, memberId, {
    withPermissions: controls.viewPermissions,
  });
  return c.render(
    <MemberPage
      detail={detail}
      controls={controls}
      viewerId={me.user.id}
      timeZone={me.clinic!.timeZone}
      now={new Date()}
      {...state}
    />,
    { title: detail.member.name, current: "/staff" },
  );
}

/** Rendered rather than redirected, so the link never lands in a URL or the history. */
function showInvitationLink(c: StaffPageContext, email: string, token: string) {
  return showTeam(c, { link: { email, url: invitationLink(c.var.deps.config.appUrl, token) } });
}

export const staffRoutes = new Hono<AppEnv>()
  .get(
    "/staff",
    staffPage(PAGE_ACCESS.staff),
    (c) => showTeam(c, { notice: STAFF_NOTICES[c.req.query("notice") ?? ""] }),
  )
  .post(
    "/staff/invitations",
    staffPage({ permission: "staff.invite" }),
    (c) =>
      submitForm(c, invitationForm, {
        onValid: async (input) => {
          const { invitation, token } = await inviteMember(c.var.deps.db, {
            clinicId: c.var.clinicId,
            ...input,
            actorId: c.var.me.user.id,
            appUrl: c.var.deps.config.appUrl,
          });
          c.status(201);
          return showInvitationLink(c, invitation.email, token);
        },
        onProblem: (values, problem) => showTeam(c, { invite: { values, problem } }),
      }),
  )
  .post(
    "/staff/invitations/:id/resend",
    staffPage({ permission: "staff.invitations.resend" }),
    async (c) => {
      const { invitation, token } = await resendInvitation(c.var.deps.db, {
        clinicId: c.var.clinicId,
        invitationId: c.req.param("id"),
        actorId: c.var.me.user.id,
        appUrl: c.var.deps.config.appUrl,
      });
      return showInvitationLink(c, invitation.email, token);
    },
  )
  .post(
    "/staff/invitations/:id/revoke",
    staffPage({ permission: "staff.invitations.revoke" }),
    async (c) => {
      await revokeInvitation(c.var.deps.db, {
        clinicId: c.var.clinicId,
        invitationId: c.req.param("id"),
        actorId: c.var.me.user.id,
      });
      return c.redirect("/staff?notice=invitation-revoked", 303);
    },
  )
  .get(
    "/staff/:memberId",
    staffPage({ permission: "staff.view" }),
    (c) =>
      showMember(c, c.req.param("memberId"), {
        notice: STAFF_NOTICES[c.req.query("notice") ?? ""],
      }),
  )
  .post("/staff/:memberId/role", staffPage({ permission: "staff.edit" }), (c) => {
    const memberId = c.req.param("memberId");
    return submitForm(c, roleForm, {
      onValid: async ({ role }) => {
        await changeRole(c.var.deps.db, {
          clinicId: c.var.clinicId,
          memberId,
          role,
          actorId: c.var.me.user.id,
        });
        return c.redirect(`/staff/${memberId}?notice=role-changed`, 303);
      },
      onProblem: (_values, problem) => showMember(c, memberId, { error: problem.message }),
    });
  })
  .post("/staff/:memberId/status", staffPage({ permission: "staff.deactivate" }), (c) => {
    const memberId = c.req.param("memberId");
    const { db, auth } = c.var.deps;
    return submitForm(c, statusForm, {
      onValid: async ({ status }) => {
        const member = await setStatus(db, {
          clinicId: c.var.clinicId,
          memberId,
          status,
          actorId: c.var.me.user.id,
        });
        if (member.status === "deactivated") {
          await endClinicSessions(auth.sessions, member.userId, c.var.clinicId);
        }
        const notice = status === "active" ? "reactivated" : "deactivated";
        return c.redirect(`/staff/${memberId}?notice=${notice}`, 303);
      },
      onProblem: (_values, problem) => showMember(c, memberId, { error: problem.message }),
    });
  });
