/**
 * The plan assignment form on a clinic's admin page: one card per tier with
 * what it includes, an internal note, and the choice to reset customised
 * role templates to the new plan's baseline.
 */
import type { ClinicDetail, Plan } from "../../lib/admin/clinic-plans.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { MODULE_CATALOG, PLAN_MODULES } from "../../lib/permissions/features.ts";
import { formatMoney } from "../../lib/view/format.ts";
import { Button, Card, Field, Textarea } from "../ui/mod.ts";
import { ROLE_LABELS } from "../RoleBadge.tsx";

// Add-ons are sold separately and belong to no tier, so they are not a tier's hint.
export const PLANNED_MODULES: ReadonlySet<string> = new Set(Object.values(PLAN_MODULES).flat());
const TIER_MODULES = MODULE_CATALOG.filter((m) => PLANNED_MODULES.has(m.key));

export function planPrice(plan: Pick<Plan, "priceMinor" | "currency" | "billingInterval">) {
  return plan.priceMinor
    ? `${formatMoney(plan.priceMinor, plan.currency)} / ${plan.billingInterval}`
    : "No charge";
}

function PlanOption(
  { plan, checked, current }: { plan: Plan; checked: boolean; current: boolean },
) {
  return (
    <label class="relative flex cursor-pointer flex-col rounded-xl p-4 ring-1 ring-slate-200 hover:ring-brand-300 [&:has(input:checked)]:bg-brand-50/40 [&:has(input:checked)]:ring-2 [&:has(input:checked)]:ring-brand-500">
      <span class="flex items-center gap-2">
        <input
          type="radio"
          name="planId"
          value={plan.id}
          checked={checked}
          required
          class="h-4 w-4 accent-brand-600"
        />
        <span class="text-sm font-semibold text-slate-900">{plan.name}</span>
        {current && (
          <span class="ml-auto rounded-full bg-slate-900 px-2 py-0.5 text-[11px] font-medium text-white">
            Current
          </span>
        )}
      </span>
      <span class="mt-2 flex flex-wrap items-baseline gap-x-1">
        <span class="text-lg font-semibold tracking-tight text-slate-900">
          {formatMoney(plan.priceMinor, plan.currency)}
        </span>
        <span class="text-sm text-slate-500">/ {plan.billingInterval}</span>
      </span>
      <ul class="mt-3 space-y-1.5 text-sm">
        {TIER_MODULES.map((module) => {
          const included = plan.modules.includes(module.key);
          return (
            <li
              key={module.key}
              class={`flex items-center gap-2 ${included ? "text-slate-700" : "text-slate-400"}`}
            >
              <span
                class={`grid h-4 w-4 shrink-0 place-items-center rounded-full text-[10px] font-bold ${
                  included ? "bg-brand-100 text-brand-700" : "bg-slate-100 text-slate-400"
                }`}
                aria-hidden="true"
              >
                {included ? "✓" : "–"}
              </span>
              <span class={included ? "" : "line-through decoration-slate-300"}>
                {module.label}
              </span>
              <span class="sr-only">{included ? "(included)" : "(not included)"}</span>
            </li>
          );
        })}
      </ul>
    </label>
  );
}

export function PlanAssignmentForm(
  { detail, plans, submitted }: {
    detail: ClinicDetail;
    plans: Plan[];
    /** A refused submission: shown with what was entered. */
    submitted?: { values: FormValues; problem: FormProblem };
  },
) {
  const customised = detail.customisedRoles.map((r) => ROLE_LABELS[r] ?? r);
  const values = submitted?.values;
  const chosen = values?.planId ?? detail.plan.id;
  return (
    <Card title="Plan assignment">
      <form method="post" action={`/admin/clinics/${detail.clinic.id}/plan`} class="p-5 space-y-5">
        {submitted && <p role="alert" class="text-sm text-red-700">{submitted.problem.message}</p>}
        <p class="text-sm text-slate-600">
          Current plan: <span class="font-semibold text-slate-900">{detail.plan.name}</span> ·{" "}
          {planPrice(detail.plan)}
        </p>
        <fieldset>
          <legend class="sr-only">New plan</legend>
          <div class="grid grid-cols-1 gap-3 md:grid-cols-3">
            {plans.map((plan) => (
              <PlanOption
                key={plan.id}
                plan={plan}
                checked={plan.id === chosen}
                current={plan.id === detail.plan.id}
              />
            ))}
          </div>
          <p class="mt-2 text-xs text-slate-500">
            WhatsApp is an add-on on every plan; switch it on under Modules.
          </p>
        </fieldset>
        <Field
          id="note"
          label="Internal note"
          optional
          hint="Kept in the activity log for platform staff."
          error={submitted?.problem.fields.note}
        >
          <Textarea
            id="note"
            name="note"
            rows={2}
            maxLength={1000}
            placeholder="Why the plan is changing, e.g. annual upgrade agreed by phone"
            aria-describedby="note-hint"
            invalid={!!submitted?.problem.fields.note}
            value={values?.note ?? ""}
          />
        </Field>
        <div class="flex items-start gap-3 rounded-lg bg-slate-50 p-4">
          <input
            id="resetTemplates"
            type="checkbox"
            name="resetTemplates"
            checked={values?.resetTemplates !== undefined}
            disabled={customised.length === 0}
            class="mt-0.5 h-4 w-4 shrink-0 accent-brand-600"
          />
          <div>
            <label for="resetTemplates" class="text-sm font-medium text-slate-900">
              Reset customised role templates to the new plan's baseline
            </label>
            <p class="mt-1 text-sm text-slate-500">
              {customised.length
                ? `Customised: ${
                  customised.join(", ")
                }. Left unticked, these roles keep their saved permissions.`
                : "No role has a customised template; every role already follows the plan's baseline."}
            </p>
          </div>
        </div>
        <div class="flex justify-end">
          <Button class="w-full sm:w-auto">Assign plan</Button>
        </div>
      </form>
    </Card>
  );
}
