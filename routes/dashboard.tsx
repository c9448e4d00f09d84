/** The landing page after sign-in: the clinic at a glance, or the platform for a superadmin. */
import { Hono } from "hono";
import { AppShell } from "../components/AppShell.tsx";
import { RoleBadge } from "../components/RoleBadge.tsx";
import { Card, PageHeader, Stat } from "../components/Card.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext, type StaffContext } from "../lib/auth/staff-context.ts";
import {
  type ActivityEntry,
  type ClinicOverview,
  clinicOverview,
  type PlatformOverview,
  platformOverview,
} from "../lib/dashboard/overview.ts";
import {
  formatDateTime,
  formatLongDate,
  formatMoney,
  formatRelative,
  greeting,
} from "../lib/view/format.ts";
import { renderDocument } from "../lib/view/render.ts";
import { staffPage } from "./resume.tsx";

const ACTION_LABELS: Record<string, string> = {
  "auth.login": "signed in",
  "permissions.template_saved": "edited a permission template",
  "permissions.template_reset": "reset a permission template to the plan default",
  "staff.invited": "invited a team member",
  "staff.invitation_resent": "resent an invitation",
  "staff.invitation_revoked": "revoked an invitation",
  "staff.invitation_accepted": "joined the clinic",
  "staff.role_changed": "changed a member's role",
  "staff.deactivated": "deactivated a member",
  "staff.reactivated": "reactivated a member",
  "staff.permissions_changed": "changed a member's permissions",
  "staff.permissions_reset": "reset a member's permissions to their role",
  "settings.updated": "updated settings",
  "patients.created": "registered a patient",
  "patients.updated": "updated a patient's record",
  "appointments.created": "booked an appointment",
  "appointments.rescheduled": "rescheduled an appointment",
  "appointments.status_changed": "changed an appointment's status",
  "platform.plan_assigned": "changed the clinic's plan",
  "platform.module_set": "switched a module",
  "platform.test_account_set": "changed the test-account flag",
};

/** What a status change reads as, once and for a run of them. */
const STATUS_ACTIONS: Record<string, [one: string, many: string]> = {
  confirmed: ["confirmed an appointment", "confirmed # appointments"],
  in_progress: ["started an appointment", "started # appointments"],
  completed: ["completed an appointment", "completed # appointments"],
  cancelled: ["cancelled an appointment", "cancelled # appointments"],
  no_show: ["marked an appointment as a no-show", "marked # appointments as no-shows"],
  scheduled: ["set an appointment back to scheduled", "set # appointments back to scheduled"],
};

function activityText(entry: ActivityEntry): string {
  const forStatus = entry.status ? STATUS_ACTIONS[entry.status] : undefined;
  if (forStatus) {
    return entry.count === 1 ? forStatus[0] : forStatus[1].replace("#", String(entry.count));
  }
  const label = ACTION_LABELS[entry.action] ?? entry.action;
  return entry.count === 1 ? label : `${label} · ${entry.count} times`;
}

function ClinicDashboard(
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

function PlatformDashboard({ overview, now }: { overview: PlatformOverview; now: Date }) {
  return (
    <>
      <PageHeader
        title="Platform overview"
        subtitle={`All clinics on OdontoX · ${formatLongDate(now, "Asia/Karachi")}`}
      />
      <div class="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <Stat label="Paying clinics" value={overview.payingClinics} hint="Pro and Pro+ plans" />
        <Stat label="Free clinics" value={overview.freeClinics} hint="test accounts excluded" />
        <Stat label="Staff accounts" value={overview.staffAccounts} hint="across all clinics" />
      </div>
      <Card title="Clinics" class="mt-6">
        <div class="overflow-x-auto">
          <table class="min-w-full text-sm">
            <thead>
              <tr class="text-left text-xs uppercase tracking-wide text-slate-500">
                <th class="px-5 py-3 font-medium">Clinic</th>
                <th class="px-5 py-3 font-medium">Plan</th>
                <th class="px-5 py-3 font-medium">Members</th>
                <th class="px-5 py-3 font-medium">Trial started</th>
              </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">
              {overview.clinics.map((clinic) => (
                <tr key={clinic.id}>
                  <td class="px-5 py-3">
                    <p class="font-medium text-slate-900">{clinic.name}</p>
                    <p class="text-slate-500">{clinic.slug}</p>
                  </td>
                  <td class="px-5 py-3 text-slate-700">
                    {clinic.planName}
                    {clinic.isTestAccount && (
                      <span class="ml-2 rounded-full bg-amber-50 px-2 py-0.5 text-xs text-amber-700 ring-1 ring-amber-200">
                        test
                      </span>
                    )}
                  </td>
                  <td class="px-5 py-3 text-slate-700">{clinic.members}</td>
                  <td class="px-5 py-3 text-slate-500">
                    {clinic.trialStartedAt ? formatRelative(clinic.trialStartedAt, now) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

export const dashboardRoutes = new Hono<AppEnv>()
  .get("/dashboard", staffPage, async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const now = new Date();
    const body = me.clinic
      ? <ClinicDashboard me={me} overview={await clinicOverview(deps.db, me.clinic.id)} now={now} />
      : <PlatformDashboard overview={await platformOverview(deps.db)} now={now} />;
    return c.html(renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current="/dashboard">
        {body}
      </AppShell>,
      { title: "Dashboard" },
    ));
  });
