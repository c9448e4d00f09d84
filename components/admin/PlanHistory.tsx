/** A clinic's plan changes on its admin page: who, when, from → to, billing period and note. */
import type { PlanChange } from "../../lib/admin/clinic-plans.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Card } from "../ui/mod.ts";
import { BILLING_PERIOD_LABELS } from "../plans/plan-price.ts";
import { PlanBadge } from "./ClinicBadges.tsx";

/** Platform staff read the history on Pakistan's clock, where the clinics are. */
const PLATFORM_ZONE = "Asia/Karachi";

export function PlanHistory({ changes }: { changes: PlanChange[] }) {
  return (
    <Card title="Plan history">
      {changes.length === 0
        ? (
          <p class="px-5 py-6 text-sm text-slate-500">
            No plan changes yet. Each change made here is listed with who made it and why.
          </p>
        )
        : (
          <ol class="divide-y divide-slate-100">
            {changes.map((change) => (
              <li key={change.id} class="px-5 py-4" data-plan-change={change.id}>
                <div class="flex flex-wrap items-center gap-2 text-sm">
                  <PlanBadge planId={change.fromPlanId} name={change.fromPlanName} />
                  <span aria-label="to" class="text-slate-400">→</span>
                  <PlanBadge planId={change.toPlanId} name={change.toPlanName} />
                  {change.fromBillingPeriod !== change.toBillingPeriod && (
                    <span class="text-xs text-slate-600">
                      Billing: {BILLING_PERIOD_LABELS[change.fromBillingPeriod]} →{" "}
                      {BILLING_PERIOD_LABELS[change.toBillingPeriod]}
                    </span>
                  )}
                  <span class="ml-auto text-xs text-slate-500">
                    {formatDateTime(change.at, PLATFORM_ZONE)} · {change.byName ?? "A former admin"}
                  </span>
                </div>
                {change.note && (
                  <p class="mt-2 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-700">
                    {change.note}
                  </p>
                )}
              </li>
            ))}
          </ol>
        )}
    </Card>
  );
}
