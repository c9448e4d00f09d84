/**
 * The plan assignment dialog on a clinic's admin page: one card per tier with its prices, what
 * it includes and what moving to it changes for this clinic (modules, role baselines), the
 * billing period, an internal note for the plan history, and the choice to reset customised
 * role templates. It opens as an in-page dialog (`#change-plan`, CSS `:target`), so it needs no
 * JavaScript; a refused submission renders it open with the values entered.
 */
import type { ClinicDetail, Plan } from "../../lib/admin/clinic-plans.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { MODULE_CATALOG, PLAN_MODULES } from "../../lib/permissions/features.ts";
import { planChangeHints } from "../../lib/subscriptions/plan-hints.ts";
import { BILLING_PERIODS } from "../../lib/subscriptions/state.ts";
import { Button, ButtonLink, Field, Textarea } from "../ui/mod.ts";
import { ROLE_LABELS } from "../RoleBadge.tsx";
import { BILLING_PERIOD_LABELS, planPriceText } from "../plans/plan-price.ts";

// Add-ons are sold separately and belong to no tier, so they are not a tier's hint.
export const PLANNED_MODULES: ReadonlySet<string> = new Set(Object.values(PLAN_MODULES).flat());
const TIER_MODULES = MODULE_CATALOG.filter((m) => PLANNED_MODULES.has(m.key));

export const PLAN_DIALOG_ID = "change-plan";

/** A few labels and how many more, so a long list stays one line. */
function summary(labels: string[], shown = 3): string {
  if (labels.length <= shown) return labels.join(", ");
  return `${labels.slice(0, shown).join(", ")} and ${labels.length - shown} more`;
}

function ChangeHints({ from, to }: { from: string; to: string }) {
  if (from === to) {
    return <p class="mt-3 text-xs text-slate-500">The clinic's plan today: nothing changes.</p>;
  }
  const hints = planChangeHints(from, to);
  return (
    <div class="mt-3 space-y-1.5 border-t border-slate-100 pt-3 text-xs" data-plan-hints={to}>
      {hints.gainsModules.length > 0 && (
        <p class="text-emerald-800">
          <span class="font-semibold">Gains:</span> {hints.gainsModules.join(", ")}
        </p>
      )}
      {hints.losesModules.length > 0 && (
        <p class="text-amber-800">
          <span class="font-semibold">Loses:</span> {hints.losesModules.join(", ")}
        </p>
      )}
      {hints.roles.map((change) => (
        <p key={change.role} class="text-slate-600" data-role-hint={change.role}>
          <span class="font-semibold">{ROLE_LABELS[change.role]} defaults:</span>{" "}
          {change.gains.length > 0 && <span>+ {summary(change.gains)}</span>}
          {change.gains.length > 0 && change.losses.length > 0 && "; "}
          {change.losses.length > 0 && <span>− {summary(change.losses)}</span>}
        </p>
      ))}
    </div>
  );
}

function PlanOption(
  { plan, checked, current }: { plan: Plan; checked: boolean; current: string },
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
        {plan.id === current && (
          <span class="ml-auto rounded-full bg-slate-900 px-2 py-0.5 text-[11px] font-medium text-white">
            Current
          </span>
        )}
      </span>
      <span class="mt-2 text-lg font-semibold tracking-tight text-slate-900">
        {planPriceText(plan, "monthly")}
      </span>
      <span class="text-xs text-slate-500">
        {plan.annualPriceMinor
          ? `or ${planPriceText(plan, "annual")}`
          : "Free on every billing period"}
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
                  included ? "bg-brand-100 text-brand-700" : "bg-slate-100 text-slate-500"
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
      <ChangeHints from={current} to={plan.id} />
    </label>
  );
}

export function PlanAssignmentForm(
  { detail, plans, submitted }: {
    detail: ClinicDetail;
    plans: Plan[];
    /** A refused submission: shown with what was entered, the dialog open. */
    submitted?: { values: FormValues; problem: FormProblem };
  },
) {
  const customised = detail.customisedRoles.map((r) => ROLE_LABELS[r] ?? r);
  const values = submitted?.values;
  const chosen = values?.planId ?? detail.plan.id;
  const period = values?.billingPeriod ?? detail.clinic.billingPeriod;
  const open = !!submitted;
  return (
    <div
      id={PLAN_DIALOG_ID}
      role="dialog"
      aria-modal="true"
      aria-labelledby="change-plan-title"
      tabIndex={-1}
      class={`${
        open ? "flex" : "hidden target:flex"
      } fixed inset-0 z-50 items-start justify-center overflow-y-auto bg-slate-900/50 p-3 sm:p-6`}
    >
      <form
        method="post"
        action={`/admin/clinics/${detail.clinic.id}/plan`}
        class="my-auto w-full max-w-4xl rounded-2xl bg-white shadow-2xl ring-1 ring-slate-200"
      >
        <header class="flex items-start justify-between gap-4 border-b border-slate-100 px-5 py-4">
          <div>
            <h2 id="change-plan-title" class="text-base font-semibold text-slate-900">
              Change plan · {detail.clinic.name}
            </h2>
            <p class="mt-1 text-sm text-slate-600">
              Current plan: <span class="font-semibold text-slate-900">{detail.plan.name}</span>
              {" · "}
              {planPriceText(detail.plan, detail.clinic.billingPeriod)}
            </p>
          </div>
          <a
            href="#"
            class="rounded-lg px-2 py-1 text-sm font-medium text-slate-500 hover:bg-slate-100 hover:text-slate-900"
          >
            Close
          </a>
        </header>
        <div class="space-y-5 p-5">
          {submitted && (
            <p role="alert" class="text-sm font-medium text-red-700">{submitted.problem.message}</p>
          )}
          <fieldset>
            <legend class="mb-2 text-sm font-medium text-slate-700">New plan</legend>
            <div class="grid grid-cols-1 gap-3 md:grid-cols-3">
              {plans.map((plan) => (
                <PlanOption
                  key={plan.id}
                  plan={plan}
                  checked={plan.id === chosen}
                  current={detail.plan.id}
                />
              ))}
            </div>
            <p class="mt-2 text-xs text-slate-500">
              WhatsApp is an add-on on every plan; switch it on under Modules.
            </p>
          </fieldset>
          <fieldset>
            <legend class="mb-2 text-sm font-medium text-slate-700">Billing period</legend>
            <div class="flex flex-wrap gap-3">
              {BILLING_PERIODS.map((p) => (
                <label
                  key={p}
                  class="flex cursor-pointer items-center gap-2 rounded-lg px-3 py-2 text-sm ring-1 ring-slate-200 [&:has(input:checked)]:ring-2 [&:has(input:checked)]:ring-brand-500"
                >
                  <input
                    type="radio"
                    name="billingPeriod"
                    value={p}
                    checked={p === period}
                    class="h-4 w-4 accent-brand-600"
                  />
                  {BILLING_PERIOD_LABELS[p]}
                  {p === detail.clinic.billingPeriod && (
                    <span class="text-xs text-slate-500">(now)</span>
                  )}
                </label>
              ))}
            </div>
          </fieldset>
          <Field
            id="note"
            label="Internal note"
            optional
            hint="Kept in the plan history for platform staff; the clinic never sees it."
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
          <p
            class="rounded-lg bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
            data-role-defaults-warning
          >
            Confirming applies the chosen plan's role defaults at once: every role without a
            customised template (doctors, nurses, reception) gets the new plan's baseline
            permissions, and signed-in staff see the change on their next page.
          </p>
        </div>
        <footer class="flex flex-col-reverse gap-2 border-t border-slate-100 px-5 py-4 sm:flex-row sm:justify-end">
          <ButtonLink href="#" variant="secondary">Cancel</ButtonLink>
          <Button>Confirm plan change</Button>
        </footer>
      </form>
    </div>
  );
}
