/** The clinic's standing cards: the team, recent activity, and the plan with its trial and clock. */
import { Card } from "../ui/mod.ts";
import { RoleBadge } from "../RoleBadge.tsx";
import type { ActivityEntry, ClinicOverview, TeamMember } from "../../lib/dashboard/overview.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { activityText, actorText } from "./activity-text.ts";

export function TeamCard({ team, now }: { team: TeamMember[]; now: Date }) {
  const active = team.filter((m) => m.status === "active").length;
  return (
    <div data-panel="team" class="min-w-0">
      <Card title={`Team · ${active} active`}>
        <ul class="divide-y divide-slate-100">
          {team.map((member) => (
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
    </div>
  );
}

export function ActivityCard(
  { activity, timeZone }: { activity: ActivityEntry[]; timeZone: string },
) {
  return (
    <div data-panel="activity" class="min-w-0">
      <Card title="Team activity">
        {activity.length === 0
          ? <p class="px-5 py-6 text-sm text-slate-500">Nothing has happened yet.</p>
          : (
            <ol class="space-y-4 px-5 py-4">
              {activity.map((entry, i) => (
                <li key={i} class="flex gap-3">
                  <span class="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-brand-400" />
                  <div class="min-w-0">
                    <p class="text-sm text-slate-700">
                      <span class="font-medium text-slate-900">
                        {actorText(entry)}
                      </span>{" "}
                      {activityText(entry)}
                    </p>
                    <p class="text-xs text-slate-500">
                      <time dateTime={entry.createdAt.toISOString()}>
                        {formatDateTime(entry.createdAt, timeZone)}
                      </time>
                    </p>
                  </div>
                </li>
              ))}
            </ol>
          )}
      </Card>
    </div>
  );
}

function Fact({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div class="flex items-baseline justify-between gap-4 px-5 py-3">
      <dt class="text-sm text-slate-500">{label}</dt>
      <dd class="min-w-0 text-right">
        <span class="block text-sm font-medium text-slate-900">{value}</span>
        {hint && <span class="block text-xs text-slate-500">{hint}</span>}
      </dd>
    </div>
  );
}

export function PlanCard(
  { overview, timeZone, now }: { overview: ClinicOverview; timeZone: string; now: Date },
) {
  const trialDay = overview.trialStartedAt
    ? Math.floor((now.getTime() - overview.trialStartedAt.getTime()) / 86_400_000) + 1
    : null;
  return (
    <div data-panel="plan" class="min-w-0">
      <Card title="Plan">
        <dl class="divide-y divide-slate-100">
          <Fact
            label="Plan"
            value={overview.plan.name}
            hint={overview.plan.priceMinor
              ? `${formatPkr(overview.plan.priceMinor)} / month`
              : "No charge"}
          />
          <Fact
            label="Trial"
            value={trialDay ? `Day ${trialDay}` : "Not started"}
            hint={overview.trialStartedAt
              ? `since ${formatDateTime(overview.trialStartedAt, timeZone)}`
              : "starts at the first sign-in"}
          />
          <Fact
            label="Time zone"
            value={timeZone.split("/").pop()!.replace(/_/g, " ")}
            hint={timeZone}
          />
        </dl>
      </Card>
    </div>
  );
}
