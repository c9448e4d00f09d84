/** The clinic's team: each member's role, status and last sign-in, linking to their page. */
import { Card } from "../ui/mod.ts";
import { RoleBadge } from "../RoleBadge.tsx";
import type { StaffMember } from "../../lib/staff/members.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";
import { MemberAvatar } from "./MemberAvatar.tsx";
import { MemberStatusBadge } from "./MemberStatusBadge.tsx";

/** "3 hours ago", with the exact time on hover (in the clinic's zone) and in `datetime`. */
function LastLogin({ at, now, timeZone }: { at: Date; now: Date; timeZone: string }) {
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at, timeZone)} data-last-login>
      {formatRelative(at, now)}
    </time>
  );
}

function lastSeen(member: StaffMember, now: Date, timeZone: string) {
  return member.lastLoginAt
    ? (
      <>
        Signed in <LastLogin at={member.lastLoginAt} now={now} timeZone={timeZone} />
      </>
    )
    : "Never signed in";
}

function TeamRow(
  { member, now, timeZone }: { member: StaffMember; now: Date; timeZone: string },
) {
  const inactive = member.status !== "active";
  return (
    <li>
      <a
        href={`/staff/${member.id}`}
        class="flex items-center gap-4 px-5 py-3.5 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
      >
        <MemberAvatar name={member.name} muted={inactive} />
        <div class="min-w-0 flex-1">
          <p
            class={`truncate text-sm font-medium ${inactive ? "text-slate-500" : "text-slate-900"}`}
          >
            {member.name}
          </p>
          <p class="truncate text-sm text-slate-500">{member.email}</p>
          <p class="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500 sm:hidden">
            <MemberStatusBadge status={member.status} />
            <span>{lastSeen(member, now, timeZone)}</span>
          </p>
        </div>
        <div class="flex shrink-0 flex-col items-end gap-1 sm:w-24 sm:items-start">
          <RoleBadge role={member.role} />
          {member.hasOverride && (
            <span class="text-[11px] font-medium text-slate-500" title="Individual permissions">
              Custom access
            </span>
          )}
        </div>
        <span class="hidden w-24 shrink-0 sm:block">
          <MemberStatusBadge status={member.status} />
        </span>
        <span class="hidden w-28 shrink-0 text-right text-sm text-slate-500 sm:block">
          {member.lastLoginAt
            ? <LastLogin at={member.lastLoginAt} now={now} timeZone={timeZone} />
            : "Never"}
        </span>
      </a>
    </li>
  );
}

export function TeamList(
  { members, now, timeZone }: { members: StaffMember[]; now: Date; timeZone: string },
) {
  return (
    <Card title={`Team · ${members.length}`}>
      <div class="hidden border-b border-slate-100 px-5 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 sm:flex sm:items-center sm:gap-4">
        <span class="flex-1 pl-14">Member</span>
        <span class="w-24">Role</span>
        <span class="w-24">Status</span>
        <span class="w-28 text-right">Last sign-in</span>
      </div>
      <ul class="divide-y divide-slate-100" data-members>
        {members.map((member) => (
          <TeamRow key={member.id} member={member} now={now} timeZone={timeZone} />
        ))}
      </ul>
    </Card>
  );
}
