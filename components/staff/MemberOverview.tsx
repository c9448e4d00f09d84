/** A member's facts: role, status, last sign-in, membership, and where their permissions come from. */
import type { ComponentChildren } from "preact";
import { Card } from "../ui/mod.ts";
import { ROLE_LABELS, RoleBadge } from "../RoleBadge.tsx";
import type { StaffMember } from "../../lib/staff/members.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";
import { MemberStatusBadge } from "./MemberStatusBadge.tsx";

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="flex items-baseline justify-between gap-4 px-5 py-3">
      <dt class="text-sm text-slate-500">{label}</dt>
      <dd class="text-right text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

export function MemberOverview(
  { member, isSelf, timeZone, now }: {
    member: StaffMember;
    isSelf: boolean;
    timeZone: string;
    now: Date;
  },
) {
  const isOwner = member.role === "owner";
  return (
    <Card title="Overview">
      <dl class="divide-y divide-slate-100">
        <Fact label="Role">
          <RoleBadge role={member.role} />
        </Fact>
        <Fact label="Status">
          <MemberStatusBadge status={member.status} />
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
            : `${ROLE_LABELS[member.role] ?? member.role} template`}
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
  );
}
