/** The clinic at a glance: greeting, team, plan, trial, and recent activity. */
import { Card, PageHeader, Stat } from "../Card.tsx";
import { RoleBadge } from "../RoleBadge.tsx";
import type { StaffContext } from "../../lib/auth/staff-context.ts";
import type { ClinicOverview } from "../../lib/dashboard/overview.ts";
import {
  formatDateTime,
  formatLongDate,
  formatMoney,
  formatRelative,
  greeting,
} from "../../lib/view/format.ts";
import { activityText } from "./activity-text.ts";

export function ClinicDashboard(
  { me, overview, now }: { me: StaffContext; overview: ClinicOverview; now: Date },
) {
  const clinic = me.clinic!;
  const tz = clinic.timeZone;
  const activeTeam = overview.team.filter((m) => m.status === "active");
  const trialDays = overview.trialStartedAt
    ? Math.floor((now.getTime() - overview.trialStartedAt.getTime()) / 86_400_000) + 1
    : null;
  return (
    <>
      <PageHeader
        title={`${greeting(now, tz)}, ${me.user.name}`}
        subtitle={`${clinic.name} · ${formatLongDate(now, tz)}`}
      />
      <div class="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat
          label="Team"
          value={activeTeam.length}
          hint={`${activeTeam.length === 1 ? "active member" : "active members"}`}
        />
        <Stat
          label="Plan"
          value={overview.plan.name}
          hint={overview.plan.priceMinor
            ? `${formatMoney(overview.plan.priceMinor, overview.plan.currency)} / month`
            : "No charge"}
        />
        <Stat
          label="Trial"
          value={trialDays ? `Day ${trialDays}` : "Not started"}
          hint={overview.trialStartedAt
            ? `since ${formatDateTime(overview.trialStartedAt, tz)}`
            : "starts at the first sign-in"}
        />
        <Stat
          label="Time zone"
          value={tz.split("/").pop()!.replace(/_/g, " ")}
          hint={tz}
        />
      </div>

      <div class="mt-6 grid grid-cols-1 gap-6 xl:grid-cols-3">
        <Card title="Team" class="xl:col-span-2">
          <ul class="divide-y divide-slate-100">
            {overview.team.map((member) => (
              <li key={member.email} class="flex items-center gap-4 px-5 py-3.5">
                <div class="min-w-0 flex-1">
                  <p class="truncate text-sm font-medium text-slate-900">{member.name}</p>
                  <p class="truncate text-sm text-slate-500">{member.email}</p>
                </div>
                <RoleBadge role={member.role} />
                <p class="hidden w-36 text-right text-sm text-slate-500 sm:block">
                  {member.lastLoginAt ? formatRelative(member.lastLoginAt, now) : "Never signed in"}
                </p>
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Recent activity">
          {overview.activity.length === 0
            ? <p class="px-5 py-6 text-sm text-slate-500">Nothing has happened yet.</p>
            : (
              <ol class="px-5 py-4 space-y-4">
                {overview.activity.map((entry, i) => (
                  <li key={i} class="flex gap-3">
                    <span class="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-brand-400" />
                    <div class="min-w-0">
                      <p class="text-sm text-slate-700">
                        <span class="font-medium text-slate-900">
                          {entry.actorName ?? "Someone"}
                        </span>{" "}
                        {activityText(entry)}
                      </p>
                      <p class="text-xs text-slate-500">
                        <time dateTime={entry.createdAt.toISOString()}>
                          {formatDateTime(entry.createdAt, tz)}
                        </time>
                      </p>
                    </div>
                  </li>
                ))}
              </ol>
            )}
        </Card>
      </div>
    </>
  );
}
