/** Superadmin → Clinics & plans: every clinic with its plan and modules. */
import type { ClinicSummary } from "../../lib/admin/clinic-plans.ts";
import { MODULE_LABELS } from "../../lib/permissions/access.ts";
import { Card, PageHeader } from "../ui/mod.ts";
import { PlanBadge, TestBadge } from "./ClinicBadges.tsx";

function ClinicRow({ clinic }: { clinic: ClinicSummary }) {
  return (
    <li>
      <a
        href={`/admin/clinics/${clinic.id}`}
        class="flex items-center gap-4 px-5 py-4 hover:bg-slate-50"
      >
        <div class="min-w-0 flex-1">
          <div class="flex flex-wrap items-center gap-2">
            <p class="truncate text-sm font-semibold text-slate-900">{clinic.name}</p>
            {clinic.isTestAccount && <TestBadge />}
          </div>
          <p class="truncate text-sm text-slate-500">
            {clinic.slug} · {clinic.members} {clinic.members === 1 ? "member" : "members"}
          </p>
        </div>
        <div class="hidden min-w-0 flex-1 flex-wrap gap-1.5 md:flex">
          {clinic.modules.length
            ? clinic.modules.map((key) => (
              <span key={key} class="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
                {MODULE_LABELS.get(key) ?? key}
              </span>
            ))
            : <span class="text-sm text-slate-500">No optional modules</span>}
        </div>
        <div class="w-20 text-right">
          <PlanBadge planId={clinic.planId} name={clinic.planName} />
        </div>
        <span class="text-slate-400" aria-hidden="true">›</span>
      </a>
    </li>
  );
}

export function ClinicsPage(
  { clinics, pendingInvitations }: {
    clinics: ClinicSummary[];
    /** Staff invitations waiting across clinics; they are managed under Users → Invitations. */
    pendingInvitations: number;
  },
) {
  const tests = clinics.filter((c) => c.isTestAccount).length;
  return (
    <>
      <PageHeader
        title="Clinics & plans"
        subtitle={`${clinics.length} ${clinics.length === 1 ? "clinic" : "clinics"}${
          tests ? ` · ${tests} tagged as test ${tests === 1 ? "account" : "accounts"}` : ""
        }`}
      />
      <Card>
        <div class="hidden border-b border-slate-100 px-5 py-3 text-xs font-medium uppercase tracking-wide text-slate-500 md:flex md:gap-4">
          <span class="flex-1">Clinic</span>
          <span class="flex-1">Modules on</span>
          <span class="w-20 text-right">Plan</span>
          <span class="w-2" />
        </div>
        <ul class="divide-y divide-slate-100">
          {clinics.map((clinic) => <ClinicRow key={clinic.id} clinic={clinic} />)}
        </ul>
      </Card>
      <p class="mt-4 text-sm text-slate-500">
        {pendingInvitations} pending staff {pendingInvitations === 1 ? "invitation" : "invitations"}
        {" "}
        across clinics ·{" "}
        <a href="/admin/users/invitations" class="font-medium text-brand-700 hover:underline">
          Resend or revoke them under Users → Invitations
        </a>
      </p>
    </>
  );
}
