/**
 * Staff Management: the team with each member's role, status and last
 * sign-in; invitations (create, resend, revoke); and a member's page with
 * their role, access and individual permissions. Every control shows only to
 * someone allowed to use it, and the forms post to routes that check the same
 * permission and call the same lib functions as /api/v1/staff.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { ComponentChildren } from "preact";
import { AppShell } from "../components/AppShell.tsx";
import { Notice } from "../components/Notice.tsx";
import { ROLE_LABELS, RoleBadge } from "../components/RoleBadge.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import { Icon } from "../components/Icon.tsx";
import PermissionTree from "../islands/PermissionTree.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import { AppError } from "../lib/errors.ts";
import { can } from "../lib/permissions/access.ts";
import { pageAllows, pageRequires } from "../lib/permissions/page-guards.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { PERMISSION_TREE } from "../lib/permissions/tree.ts";
import {
  ASSIGNABLE_ROLES,
  changeRole,
  endClinicSessions,
  getMember,
  listMembers,
  type MemberPermissions,
  memberPermissions,
  setStatus,
  type StaffMember,
} from "../lib/staff/members.ts";
import {
  type Invitation,
  invitationLink,
  inviteMember,
  listOpenInvitations,
  resendInvitation,
  revokeInvitation,
} from "../lib/staff/invitations.ts";
import { formatDateTime, formatRelative } from "../lib/view/format.ts";
import { renderDocument } from "../lib/view/render.ts";
import { staffPage } from "./resume.tsx";

const NOTICES: Record<string, string> = {
  "invitation-revoked": "Invitation revoked. Its link no longer works.",
  "role-changed": "Role updated.",
  deactivated: "Member deactivated. They were signed out and can no longer sign in here.",
  reactivated: "Member reactivated. They can sign in again.",
};

const BUTTON =
  "inline-flex items-center justify-center rounded-lg px-3.5 py-2 text-sm font-semibold shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2";
const PRIMARY = `${BUTTON} bg-brand-600 text-white hover:bg-brand-700`;
const SECONDARY =
  `${BUTTON} bg-white text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50`;
const DANGER = `${BUTTON} bg-white text-red-700 ring-1 ring-inset ring-red-200 hover:bg-red-50`;
const INPUT =
  "block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

function StatusBadge({ status }: { status: string }) {
  if (status === "active") {
    return (
      <span class="inline-flex items-center gap-1.5 text-xs font-medium text-emerald-700">
        <span class="h-1.5 w-1.5 rounded-full bg-emerald-500" />Active
      </span>
    );
  }
  return (
    <span class="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500">
      <span class="h-1.5 w-1.5 rounded-full bg-slate-400" />
      {status === "deactivated" ? "Deactivated" : "Invited"}
    </span>
  );
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]!.toUpperCase()).join("");
}

function Avatar({ name, muted }: { name: string; muted?: boolean }) {
  return (
    <span
      class={`grid h-10 w-10 shrink-0 place-items-center rounded-full text-sm font-semibold ${
        muted ? "bg-slate-100 text-slate-400" : "bg-brand-50 text-brand-700"
      }`}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}

const lastSeen = (member: StaffMember, now: Date) =>
  member.lastLoginAt ? `Signed in ${formatRelative(member.lastLoginAt, now)}` : "Never signed in";

function MemberList({ members, now }: { members: StaffMember[]; now: Date }) {
  return (
    <Card title={`Team · ${members.length}`}>
      <div class="hidden border-b border-slate-100 px-5 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 sm:flex sm:items-center sm:gap-4">
        <span class="flex-1 pl-14">Member</span>
        <span class="w-24">Role</span>
        <span class="w-24">Status</span>
        <span class="w-28 text-right">Last sign-in</span>
      </div>
      <ul class="divide-y divide-slate-100" data-members>
        {members.map((member) => {
          const inactive = member.status !== "active";
          return (
            <li key={member.id}>
              <a
                href={`/staff/${member.id}`}
                class="flex items-center gap-4 px-5 py-3.5 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
              >
                <Avatar name={member.name} muted={inactive} />
                <div class="min-w-0 flex-1">
                  <p
                    class={`truncate text-sm font-medium ${
                      inactive ? "text-slate-500" : "text-slate-900"
                    }`}
                  >
                    {member.name}
                  </p>
                  <p class="truncate text-sm text-slate-500">{member.email}</p>
                  <p class="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500 sm:hidden">
                    <StatusBadge status={member.status} />
                    <span>{lastSeen(member, now)}</span>
                  </p>
                </div>
                <div class="flex shrink-0 flex-col items-end gap-1 sm:w-24 sm:items-start">
                  <RoleBadge role={member.role} />
                  {member.hasOverride && (
                    <span
                      class="text-[11px] font-medium text-slate-500"
                      title="Individual permissions"
                    >
                      Custom access
                    </span>
                  )}
                </div>
                <span class="hidden w-24 shrink-0 sm:block">
                  <StatusBadge status={member.status} />
                </span>
                <span class="hidden w-28 shrink-0 text-right text-sm text-slate-500 sm:block">
                  {member.lastLoginAt
                    ? (
                      <time
                        dateTime={member.lastLoginAt.toISOString()}
                        title={member.lastLoginAt.toISOString()}
                      >
                        {formatRelative(member.lastLoginAt, now)}
                      </time>
                    )
                    : "Never"}
                </span>
              </a>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

interface InviteFormValues {
  email?: string;
  role?: string;
}

function InviteForm({ values, error }: { values: InviteFormValues; error?: string }) {
  return (
    <Card title="Invite a team member">
      <form method="post" action="/staff/invitations" class="space-y-4 px-5 py-4" data-invite-form>
        {error && (
          <p
            role="alert"
            class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200"
          >
            {error}
          </p>
        )}
        <div>
          <label for="invite-email" class="block text-sm font-medium text-slate-700">Email</label>
          <input
            id="invite-email"
            name="email"
            type="email"
            required
            maxLength={320}
            autocomplete="off"
            placeholder="name@example.com"
            value={values.email}
            class={`mt-1.5 ${INPUT}`}
          />
        </div>
        <div>
          <label for="invite-role" class="block text-sm font-medium text-slate-700">Role</label>
          <select id="invite-role" name="role" required class={`mt-1.5 ${INPUT}`}>
            {ASSIGNABLE_ROLES.map((role) => (
              <option key={role} value={role} selected={(values.role ?? "doctor") === role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
          <p class="mt-1.5 text-xs text-slate-500">
            They get the role's permission template; you can adjust theirs later.
          </p>
        </div>
        <button type="submit" class={`${PRIMARY} w-full`}>Create invitation</button>
      </form>
    </Card>
  );
}

/** The link just created or resent; there is no email outbox yet, so the inviter passes it on. */
function InvitationLinkPanel({ email, link }: { email: string; link: string }) {
  return (
    <section
      class="mb-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-brand-200"
      aria-labelledby="invitation-link-title"
      data-invitation-link
    >
      <div class="flex items-start gap-3">
        <span class="grid h-9 w-9 shrink-0 place-items-center rounded-lg bg-brand-50 text-brand-700">
          <Icon name="staff" class="h-5 w-5" />
        </span>
        <div class="min-w-0 flex-1">
          <h2 id="invitation-link-title" class="text-sm font-semibold text-slate-900">
            Invitation ready for {email}
          </h2>
          <p class="mt-0.5 text-sm text-slate-500">
            We have emailed them this link; you can also copy it and send it yourself. It works for
            7 days and is shown only now; resend the invitation to get a new one.
          </p>
        </div>
      </div>
      <label for="invitation-link" class="sr-only">Invitation link</label>
      <input
        id="invitation-link"
        type="text"
        readOnly
        autofocus
        value={link}
        class="mt-4 block w-full select-all rounded-lg border border-slate-300 bg-slate-50 px-3 py-2.5 font-mono text-xs text-slate-800 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 sm:text-sm"
      />
    </section>
  );
}

/** "Expires in 6 days" reads better than Intl's "next week" for a one-week link. */
function expiry(invitation: Invitation, now: Date): string {
  const ms = invitation.expiresAt.getTime() - now.getTime();
  if (Math.abs(ms) < 86_400_000) {
    return `${ms > 0 ? "Expires" : "Expired"} ${formatRelative(invitation.expiresAt, now)}`;
  }
  // Rounded towards "more time left", so a link created today reads "in 7 days".
  const days = ms > 0 ? Math.ceil(ms / 86_400_000) : Math.floor(-ms / 86_400_000);
  const span = `${days} ${days === 1 ? "day" : "days"}`;
  return ms > 0 ? `Expires in ${span}` : `Expired ${span} ago`;
}

function PendingInvitations(
  { invitations, now, canResend, canRevoke }: {
    invitations: Invitation[];
    now: Date;
    canResend: boolean;
    canRevoke: boolean;
  },
) {
  return (
    <Card title={`Pending invitations · ${invitations.length}`}>
      {invitations.length === 0
        ? <p class="px-5 py-6 text-sm text-slate-500">No invitations waiting for an answer.</p>
        : (
          <ul class="divide-y divide-slate-100" data-invitations>
            {invitations.map((invitation) => {
              const expired = invitation.expiresAt <= now;
              return (
                <li key={invitation.id} class="px-5 py-3.5">
                  <div class="flex items-start justify-between gap-3">
                    <div class="min-w-0">
                      <p class="truncate text-sm font-medium text-slate-900">{invitation.email}</p>
                      <p class={`mt-0.5 text-xs ${expired ? "text-amber-700" : "text-slate-500"}`}>
                        {expiry(invitation, now)}
                      </p>
                    </div>
                    <RoleBadge role={invitation.role} />
                  </div>
                  {(canResend || canRevoke) && (
                    <div class="mt-3 flex gap-2">
                      {canResend && (
                        <form
                          method="post"
                          action={`/staff/invitations/${invitation.id}/resend`}
                          class="flex-1"
                        >
                          <button type="submit" class={`${SECONDARY} w-full`}>Resend</button>
                        </form>
                      )}
                      {canRevoke && (
                        <form
                          method="post"
                          action={`/staff/invitations/${invitation.id}/revoke`}
                          class="flex-1"
                        >
                          <button type="submit" class={`${DANGER} w-full`}>Revoke</button>
                        </form>
                      )}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
    </Card>
  );
}

interface StaffPageState {
  notice?: string;
  error?: string;
  link?: { email: string; url: string };
  invite?: { values: InviteFormValues; error?: string };
}

async function renderStaffPage(c: Context<AppEnv>, state: StaffPageState = {}, status = 200) {
  const { deps, principal } = c.var;
  const me = await loadStaffContext(deps, principal);
  const clinicId = me.clinic!.id;
  const may = (key: string) => can(me.access, key);
  const [members, invitations] = await Promise.all([
    listMembers(deps.db, clinicId),
    may("staff.invitations.view") ? listOpenInvitations(deps.db, clinicId) : [],
  ]);
  const now = new Date();
  const active = members.filter((m) => m.status === "active").length;
  const aside = may("staff.invite") || may("staff.invitations.view");
  return c.html(
    renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current="/staff">
        <PageHeader
          title="Staff"
          subtitle={`${active} active ${active === 1 ? "member" : "members"} at ${me.clinic!.name}`}
        />
        {state.notice && <Notice tone="success">{state.notice}</Notice>}
        {state.error && <Notice tone="error">{state.error}</Notice>}
        {state.link && <InvitationLinkPanel email={state.link.email} link={state.link.url} />}
        <div class={`grid grid-cols-1 gap-6 ${aside ? "xl:grid-cols-3" : ""}`}>
          <div class={aside ? "xl:col-span-2" : ""}>
            <MemberList members={members} now={now} />
          </div>
          {aside && (
            <div class="space-y-6">
              {may("staff.invite") && (
                <InviteForm values={state.invite?.values ?? {}} error={state.invite?.error} />
              )}
              {may("staff.invitations.view") && (
                <PendingInvitations
                  invitations={invitations}
                  now={now}
                  canResend={may("staff.invitations.resend")}
                  canRevoke={may("staff.invitations.revoke")}
                />
              )}
            </div>
          )}
        </div>
      </AppShell>,
      { title: "Staff" },
    ),
    status as 200,
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="flex items-baseline justify-between gap-4 px-5 py-3">
      <dt class="text-sm text-slate-500">{label}</dt>
      <dd class="text-right text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

interface MemberPageState {
  notice?: string;
  error?: string;
}

async function renderMemberPage(
  c: Context<AppEnv>,
  memberId: string,
  state: MemberPageState = {},
  status = 200,
) {
  const { deps, principal } = c.var;
  const me = await loadStaffContext(deps, principal);
  const clinicId = me.clinic!.id;
  const may = (key: string) => can(me.access, key);
  let permissions: MemberPermissions | null = null;
  let member: StaffMember;
  if (may("staff.permissions.view")) {
    permissions = await memberPermissions(deps.db, clinicId, memberId);
    member = permissions.member;
  } else {
    member = await getMember(deps.db, clinicId, memberId);
  }
  const now = new Date();
  const timeZone = me.clinic!.timeZone;
  const isOwner = member.role === "owner";
  const isSelf = member.userId === principal.userId;
  const changeable = !isOwner && !isSelf;
  const canEditRole = changeable && may("staff.edit");
  const canSetStatus = changeable && may("staff.deactivate");
  const canEditPermissions = changeable && may("staff.permissions.edit");
  const roleLabel = ROLE_LABELS[member.role] ?? member.role;
  const apiUrl = `/api/v1/staff/${member.id}/permissions`;

  return c.html(
    renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current="/staff">
        <a
          href="/staff"
          class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-700"
        >
          <Icon name="arrowLeft" class="h-4 w-4" />Staff
        </a>
        <div class="mb-8 flex items-center gap-4">
          <Avatar name={member.name} muted={member.status !== "active"} />
          <div class="min-w-0">
            <h1 class="truncate text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
              {member.name}
            </h1>
            <p class="truncate text-sm text-slate-500">{member.email}</p>
          </div>
        </div>
        {state.notice && <Notice tone="success">{state.notice}</Notice>}
        {state.error && <Notice tone="error">{state.error}</Notice>}

        <div class={permissions ? "grid grid-cols-1 gap-6 lg:grid-cols-3" : "max-w-xl"}>
          <div class="space-y-6">
            <Card title="Overview">
              <dl class="divide-y divide-slate-100">
                <Fact label="Role">
                  <RoleBadge role={member.role} />
                </Fact>
                <Fact label="Status">
                  <StatusBadge status={member.status} />
                </Fact>
                <Fact label="Last sign-in">
                  {member.lastLoginAt
                    ? (
                      <time
                        dateTime={member.lastLoginAt.toISOString()}
                        title={formatDateTime(member.lastLoginAt, timeZone)}
                      >
                        {formatRelative(member.lastLoginAt, now)}
                      </time>
                    )
                    : "Never"}
                </Fact>
                <Fact label="Member since">{formatDateTime(member.joinedAt, timeZone)}</Fact>
                <Fact label="Permissions">
                  {isOwner
                    ? "All (owner)"
                    : member.hasOverride
                    ? "Individual"
                    : `${roleLabel} template`}
                </Fact>
              </dl>
              {(isOwner || isSelf) && (
                <p class="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
                  {isOwner
                    ? "The owner holds every permission; their role and access cannot be changed."
                    : "You cannot change your own role, access or permissions."}
                </p>
              )}
            </Card>

            {canEditRole && (
              <Card title="Role">
                <form
                  method="post"
                  action={`/staff/${member.id}/role`}
                  class="space-y-3 px-5 py-4"
                  data-role-form
                >
                  <label for="member-role" class="sr-only">Role</label>
                  <select id="member-role" name="role" class={INPUT}>
                    {ASSIGNABLE_ROLES.map((role) => (
                      <option key={role} value={role} selected={member.role === role}>
                        {ROLE_LABELS[role]}
                      </option>
                    ))}
                  </select>
                  <p class="text-xs text-slate-500">
                    {member.hasOverride
                      ? "Their individual permissions stay as they are."
                      : "They will follow the new role's permission template."}
                  </p>
                  <button type="submit" class={`${PRIMARY} w-full`}>Change role</button>
                </form>
              </Card>
            )}

            {canSetStatus && (
              <Card title="Access">
                <form
                  method="post"
                  action={`/staff/${member.id}/status`}
                  class="space-y-3 px-5 py-4"
                  data-status-form
                >
                  {member.status === "deactivated"
                    ? (
                      <>
                        <p class="text-sm text-slate-600">
                          {member.name}{" "}
                          cannot sign in to this clinic. Reactivating restores their access.
                        </p>
                        <input type="hidden" name="status" value="active" />
                        <button type="submit" class={`${SECONDARY} w-full`}>Reactivate</button>
                      </>
                    )
                    : (
                      <>
                        <p class="text-sm text-slate-600">
                          Deactivating signs them out at once and stops their sign-in. Their history
                          stays.
                        </p>
                        <input type="hidden" name="status" value="deactivated" />
                        <button type="submit" class={`${DANGER} w-full`}>Deactivate</button>
                      </>
                    )}
                </form>
              </Card>
            )}
          </div>

          {permissions && (
            <div class="min-w-0 lg:col-span-2">
              <PermissionTree
                tree={PERMISSION_TREE}
                selected={permissions.effective}
                unavailable={permissions.unavailable}
                readOnly={!canEditPermissions}
                saveUrl={canEditPermissions ? apiUrl : undefined}
                method="PUT"
                resetUrl={canEditPermissions && member.hasOverride ? apiUrl : undefined}
                saveLabel="Save permissions"
                resetLabel={`Use the ${roleLabel} template`}
                resetConfirm={`Remove ${member.name}'s individual permissions and follow the ${roleLabel} template again?`}
                title="Permissions"
                badge={isOwner
                  ? "Owner: everything"
                  : member.hasOverride
                  ? "Individual permissions"
                  : `Follows the ${roleLabel} template`}
                savedBadge="Individual permissions"
                id="member-permissions"
              />
              {canEditPermissions && !member.hasOverride && (
                <p class="mt-3 text-xs text-slate-500">
                  Saving gives {member.name} individual permissions: later changes to the{" "}
                  {roleLabel} template will not affect them.
                </p>
              )}
            </div>
          )}
        </div>
      </AppShell>,
      { title: member.name },
    ),
    status as 200,
  );
}

async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const form = await c.req.formData().catch(() => new FormData());
  const fields: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") fields[key] = value;
  return fields;
}

/** A refusal the user can fix (a taken address, a bad role) is shown on the page; the rest propagate. */
const isUserError = (error: unknown): error is AppError =>
  error instanceof AppError && error.status < 500 && error.status !== 404 && error.status !== 403;

export const staffRoutes = new Hono<AppEnv>()
  .get("/staff", staffPage, pageAllows(PAGE_ACCESS.staff), (c) => {
    const notice = NOTICES[c.req.query("notice") ?? ""];
    return renderStaffPage(c, { notice });
  })
  .post("/staff/invitations", staffPage, pageRequires("staff.invite"), async (c) => {
    const { email = "", role = "" } = await formFields(c);
    const values = { email: email.slice(0, 320), role: role.slice(0, 40) };
    try {
      const { invitation, token } = await inviteMember(c.var.deps.db, {
        clinicId: c.var.principal.clinicId!,
        ...values,
        actorId: c.var.principal.userId,
        appUrl: c.var.deps.config.appUrl,
      });
      // Rendered rather than redirected, so the link never lands in a URL or the history.
      return renderStaffPage(c, {
        link: { email: invitation.email, url: invitationLink(c.var.deps.config.appUrl, token) },
      }, 201);
    } catch (error) {
      if (!isUserError(error)) throw error;
      return renderStaffPage(c, { invite: { values, error: error.message } }, error.status);
    }
  })
  .post(
    "/staff/invitations/:id/resend",
    staffPage,
    pageRequires("staff.invitations.resend"),
    async (c) => {
      const { invitation, token } = await resendInvitation(c.var.deps.db, {
        clinicId: c.var.principal.clinicId!,
        invitationId: c.req.param("id"),
        actorId: c.var.principal.userId,
        appUrl: c.var.deps.config.appUrl,
      });
      return renderStaffPage(c, {
        link: { email: invitation.email, url: invitationLink(c.var.deps.config.appUrl, token) },
      });
    },
  )
  .post(
    "/staff/invitations/:id/revoke",
    staffPage,
    pageRequires("staff.invitations.revoke"),
    async (c) => {
      await revokeInvitation(c.var.deps.db, {
        clinicId: c.var.principal.clinicId!,
        invitationId: c.req.param("id"),
        actorId: c.var.principal.userId,
      });
      return c.redirect("/staff?notice=invitation-revoked", 303);
    },
  )
  .get("/staff/:memberId", staffPage, pageRequires("staff.view"), (c) => {
    const notice = NOTICES[c.req.query("notice") ?? ""];
    return renderMemberPage(c, c.req.param("memberId"), { notice });
  })
  .post("/staff/:memberId/role", staffPage, pageRequires("staff.edit"), async (c) => {
    const memberId = c.req.param("memberId");
    const { role = "" } = await formFields(c);
    try {
      await changeRole(c.var.deps.db, {
        clinicId: c.var.principal.clinicId!,
        memberId,
        role,
        actorId: c.var.principal.userId,
      });
    } catch (error) {
      if (!isUserError(error)) throw error;
      return renderMemberPage(c, memberId, { error: error.message }, error.status);
    }
    return c.redirect(`/staff/${memberId}?notice=role-changed`, 303);
  })
  .post("/staff/:memberId/status", staffPage, pageRequires("staff.deactivate"), async (c) => {
    const memberId = c.req.param("memberId");
    const { status } = await formFields(c);
    const { db, auth } = c.var.deps;
    const clinicId = c.var.principal.clinicId!;
    if (status !== "active" && status !== "deactivated") {
      return renderMemberPage(c, memberId, { error: "Choose to deactivate or reactivate." }, 400);
    }
    try {
      const member = await setStatus(db, {
        clinicId,
        memberId,
        status,
        actorId: c.var.principal.userId,
      });
      if (member.status === "deactivated") {
        await endClinicSessions(auth.sessions, member.userId, clinicId);
      }
    } catch (error) {
      if (!isUserError(error)) throw error;
      return renderMemberPage(c, memberId, { error: error.message }, error.status);
    }
    return c.redirect(
      `/staff/${memberId}?notice=${status === "active" ? "reactivated" : "deactivated"}`,
      303,
    );
  });
