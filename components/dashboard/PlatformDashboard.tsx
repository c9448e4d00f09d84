/** The platform at a glance for a superadmin: clinics by plan and their members. */
import { Card, PageHeader, Stat } from "../Card.tsx";
import { Badge } from "../ui/Badge.tsx";
import type { PlatformOverview } from "../../lib/dashboard/overview.ts";
import { formatLongDate, formatRelative } from "../../lib/view/format.ts";

export function PlatformDashboard({ overview, now }: { overview: PlatformOverview; now: Date }) {
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
                    {clinic.isTestAccount && <Badge tone="amber" class="ml-2">test</Badge>}
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
