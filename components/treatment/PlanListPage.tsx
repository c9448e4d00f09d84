/** Treatment plans of the clinic, newest first, filtered by status or patient. */
import { ButtonLink, Card, PageHeader } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { formatDateTime } from "../../lib/view/format.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { PLAN_STATUSES, type PlanStatus, STATUS_LABELS } from "../../lib/treatment/plan-input.ts";
import type { PlanSummary } from "../../lib/treatment/plans.ts";
import { PlanStatusBadge } from "./StatusBadge.tsx";

export function PlanListPage(
  { plans, status, patient, canCreate, timeZone }: {
    plans: PlanSummary[];
    status?: PlanStatus;
    patient?: { id: string; fullName: string } | null;
    canCreate: boolean;
    timeZone: string;
  },
) {
  const base = patient ? `/treatment-plans?patientId=${patient.id}` : "/treatment-plans";
  const filterHref = (s?: PlanStatus) => s ? `${base}${patient ? "&" : "?"}status=${s}` : base;
  return (
    <>
      <PageHeader
        title="Treatment plans"
        subtitle={patient
          ? `Plans of ${patient.fullName}`
          : "Quotes, alternatives and what patients accepted"}
      >
        <div class="flex flex-wrap gap-2">
          <ButtonLink href="/settings/service-catalog" variant="secondary">
            Service catalog
          </ButtonLink>
          <ButtonLink href="/settings/discounts" variant="secondary">Discounts</ButtonLink>
          {canCreate && (
            <ButtonLink
              href={patient
                ? `/treatment-plans/new?patientId=${patient.id}`
                : "/treatment-plans/new"}
            >
              <Icon name="plus" class="h-4 w-4" />
              New plan
            </ButtonLink>
          )}
        </div>
      </PageHeader>
      <nav class="mb-4 flex flex-wrap gap-2" aria-label="Status">
        {[undefined, ...PLAN_STATUSES].map((s) => (
          <a
            key={s ?? "all"}
            href={filterHref(s)}
            aria-current={status === s ? "page" : undefined}
            class={`rounded-full px-3 py-1 text-sm font-medium ${
              status === s
                ? "bg-slate-900 text-white"
                : "bg-white text-slate-600 ring-1 ring-slate-200 hover:text-slate-900"
            }`}
          >
            {s ? STATUS_LABELS[s] : "All"}
          </a>
        ))}
      </nav>
      <Card>
        {plans.length === 0
          ? (
            <p class="px-5 py-10 text-center text-sm text-slate-500">
              No treatment plans here yet.
            </p>
          )
          : (
            <ul class="divide-y divide-slate-100" data-plan-list>
              {plans.map((plan) => (
                <li key={plan.id}>
                  <a
                    href={`/treatment-plans/${plan.id}`}
                    class="flex flex-col gap-2 px-5 py-4 hover:bg-slate-50 sm:flex-row sm:items-center sm:justify-between"
                  >
                    <div class="min-w-0">
                      <p class="truncate font-semibold text-slate-900">{plan.title}</p>
                      <p class="text-sm text-slate-500">
                        {plan.patientName} · {plan.patientMrn}
                        {plan.optionCount > 1 && ` · ${plan.optionCount} options`} · revision{" "}
                        {plan.revision}
                      </p>
                    </div>
                    <div class="flex items-center gap-4 sm:text-right">
                      <PlanStatusBadge status={plan.status} />
                      <div>
                        <p class="font-semibold tabular-nums text-slate-900">
                          {formatPkr(plan.totalMinor)}
                        </p>
                        <p class="text-xs text-slate-500">
                          {formatDateTime(plan.updatedAt, timeZone)}
                        </p>
                      </div>
                    </div>
                  </a>
                </li>
              ))}
            </ul>
          )}
      </Card>
    </>
  );
}
