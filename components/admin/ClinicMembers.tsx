/** A clinic's members on its admin page, each with a link to set an individual permission override. */
import type { StaffMember } from "../../lib/staff/members.ts";
import { formatRelative } from "../../lib/view/format.ts";
import { ButtonLink, Card } from "../ui/mod.ts";
import { RoleBadge } from "../RoleBadge.tsx";

export function ClinicMembers(
  { clinicId, members, now }: { clinicId: string; members: StaffMember[]; now: Date },
) {
  return (
    <Card title="Members" class="mt-6">
      <ul class="divide-y divide-slate-100">
        {members.map((member) => (
          <li key={member.id} class="flex flex-col gap-2 px-5 py-3.5 sm:flex-row sm:items-center">
            <div class="min-w-0 flex-1">
              <p class="truncate text-sm font-medium text-slate-900">{member.name}</p>
              <p class="truncate text-sm text-slate-500">
                {member.email} · {member.lastLoginAt
                  ? `signed in ${formatRelative(member.lastLoginAt, now)}`
                  : "never signed in"}
              </p>
            </div>
            <div class="flex items-center gap-3">
              <RoleBadge role={member.role} />
              {member.status !== "active" && (
                <span class="text-xs font-medium text-slate-500">{member.status}</span>
              )}
              {member.role !== "owner" && (
                <ButtonLink
                  href={`/admin/clinics/${clinicId}/members/${member.id}`}
                  variant="secondary"
                  size="sm"
                >
                  {member.hasOverride ? "Override set" : "Permissions"}
                </ButtonLink>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
