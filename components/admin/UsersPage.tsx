/**
 * Superadmin → Users: every account with its clinic, role, last sign-in
 * (relative, the exact time on hover) and status; and the Invitations tab,
 * pending staff invitations across clinics with resend and revoke.
 */
import type { PlatformInvitations, PlatformUsers } from "../../lib/admin/platform-users.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";
import { Badge, type BadgeTone, Button, Card, Notice, PageHeader } from "../ui/mod.ts";
import { RoleBadge } from "../RoleBadge.tsx";
import { TestBadge } from "./ClinicBadges.tsx";
import { TestAccountsFootnote } from "./TestAccountsFootnote.tsx";

const ZONE = "Asia/Karachi";

export type UsersTab = "people" | "invitations";

export interface UsersNotice {
  tone: "success" | "error";
  text: string;
}

const STATUS_TONES: Record<string, BadgeTone> = {
  active: "green",
  invited: "sky",
  deactivated: "slate",
};

function When({ at, now }: { at: Date; now: Date }) {
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at, ZONE)}>
      {formatRelative(at, now)}
    </time>
  );
}

function Tabs({ tab, pending }: { tab: UsersTab; pending: number }) {
  const link = (href: string, here: boolean, label: string) => (
    <a
      href={href}
      aria-current={here ? "page" : undefined}
      class={`rounded-lg px-3 py-1.5 text-sm font-medium ${
        here ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"
      }`}
    >
      {label}
    </a>
  );
  return (
    <nav aria-label="User management" class="mb-4 flex gap-2">
      {link("/admin/users", tab === "people", "People")}
      {link("/admin/users/invitations", tab === "invitations", `Invitations · ${pending}`)}
    </nav>
  );
}

function PeopleTable({ people, now }: { people: PlatformUsers; now: Date }) {
  return (
    <Card>
      <table class="w-full text-left text-sm" data-users-table>
        <caption class="sr-only">Every account on the platform</caption>
        <thead class="hidden border-b border-slate-100 text-xs uppercase tracking-wide text-slate-500 md:table-header-group">
          <tr>
            <th scope="col" class="px-5 py-3 font-medium">Person</th>
            <th scope="col" class="px-5 py-3 font-medium">Clinic</th>
            <th scope="col" class="px-5 py-3 font-medium">Role</th>
            <th scope="col" class="px-5 py-3 font-medium">Last sign-in</th>
            <th scope="col" class="px-5 py-3 font-medium">Status</th>
          </tr>
        </thead>
        <tbody class="divide-y divide-slate-100">
          {people.users.map((u) => (
            <tr
              key={`${u.userId}-${u.clinic?.id ?? "platform"}`}
              class="block px-5 py-3 md:table-row md:p-0"
              data-user={u.email}
            >
              <td class="block md:table-cell md:px-5 md:py-3">
                <p class="font-medium text-slate-900">{u.name}</p>
                <p class="truncate text-slate-500">{u.email}</p>
              </td>
              <td class="block pt-1 md:table-cell md:px-5 md:py-3">
                {u.clinic
                  ? (
                    <span class="inline-flex flex-wrap items-center gap-2">
                      <a
                        href={`/admin/clinics/${u.clinic.id}`}
                        class="text-slate-700 hover:text-brand-700"
                      >
                        {u.clinic.name}
                      </a>
                      {u.clinic.isTestAccount && <TestBadge />}
                    </span>
                  )
                  : <span class="text-slate-500">Platform</span>}
              </td>
              <td class="inline-block pt-2 pr-2 md:table-cell md:px-5 md:py-3">
                {u.role === "superadmin"
                  ? <Badge tone="slate">Superadmin</Badge>
                  : <RoleBadge role={u.role} />}
              </td>
              <td class="inline-block pt-2 pr-2 text-slate-600 md:table-cell md:px-5 md:py-3">
                <span class="mr-1 md:hidden">Last sign-in:</span>
                {u.lastLoginAt ? <When at={u.lastLoginAt} now={now} /> : "never"}
              </td>
              <td class="inline-block pt-2 md:table-cell md:px-5 md:py-3">
                <Badge tone={STATUS_TONES[u.status] ?? "slate"} dot>
                  {u.status[0].toUpperCase() + u.status.slice(1)}
                </Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function InvitationsList(
  { invitations, now }: { invitations: PlatformInvitations; now: Date },
) {
  if (invitations.invitations.length === 0) {
    return (
      <Card>
        <p class="px-5 py-6 text-sm text-slate-500">
          No staff invitation is waiting for an answer.
        </p>
      </Card>
    );
  }
  return (
    <Card>
      <ul class="divide-y divide-slate-100" data-invitations>
        {invitations.invitations.map((invitation) => {
          const expired = invitation.expiresAt <= now;
          return (
            <li
              key={invitation.id}
              class="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center"
              data-invitation={invitation.email}
            >
              <div class="min-w-0 flex-1">
                <p class="flex flex-wrap items-center gap-2">
                  <span class="truncate text-sm font-medium text-slate-900">
                    {invitation.email}
                  </span>
                  <RoleBadge role={invitation.role} />
                  {expired && <Badge tone="red">Expired</Badge>}
                </p>
                <p class="mt-0.5 text-sm text-slate-500">
                  <a href={`/admin/clinics/${invitation.clinicId}`} class="hover:text-brand-700">
                    {invitation.clinicName}
                  </a>
                  {invitation.isTestAccount && " (test account)"} · sent{" "}
                  <When at={invitation.createdAt} now={now} /> · {expired ? "expired " : "expires "}
                  <When at={invitation.expiresAt} now={now} />
                </p>
              </div>
              <div class="flex gap-2">
                <form method="post" action={`/admin/users/invitations/${invitation.id}/resend`}>
                  <Button
                    type="submit"
                    variant="secondary"
                    size="sm"
                    aria-label={`Resend the invitation to ${invitation.email}`}
                  >
                    Resend
                  </Button>
                </form>
                <form method="post" action={`/admin/users/invitations/${invitation.id}/revoke`}>
                  <Button
                    type="submit"
                    variant="danger"
                    size="sm"
                    aria-label={`Revoke the invitation to ${invitation.email}`}
                  >
                    Revoke
                  </Button>
                </form>
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

export function UsersPage(
  { tab, people, invitations, notice, now }: {
    tab: UsersTab;
    people: PlatformUsers;
    invitations: PlatformInvitations;
    notice?: UsersNotice;
    now: Date;
  },
) {
  return (
    <>
      <PageHeader
        title="Users"
        subtitle={`${people.realAccounts} ${
          people.realAccounts === 1 ? "account" : "accounts"
        } · ` +
          `${invitations.realPending} pending ${
            invitations.realPending === 1 ? "invitation" : "invitations"
          }`}
      />
      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <Tabs tab={tab} pending={invitations.realPending} />
      {tab === "people"
        ? <PeopleTable people={people} now={now} />
        : <InvitationsList invitations={invitations} now={now} />}
      <div class="mt-3">
        {tab === "people"
          ? (
            <TestAccountsFootnote
              count={people.testAccountMembers}
              what={["person only in a test account", "people only in test accounts"]}
            />
          )
          : (
            <TestAccountsFootnote
              count={invitations.testAccountPending}
              what={["invitation to a test account", "invitations to test accounts"]}
            />
          )}
      </div>
    </>
  );
}
