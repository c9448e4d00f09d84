/**
 * Superadmin → Plans & referrals: each plan's monthly and annual price in PKR and its feature
 * lines, the referral commission rate, and every referral any clinic has sent in. Prices are
 * typed in rupees and stored in paisa; every page that shows a plan price reads them from here.
 */
import type { SubscriptionPlan } from "../../lib/subscriptions/plans.ts";
import type { PlatformReferral } from "../../lib/subscriptions/referrals.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import {
  REFERRAL_STATUS_LABELS,
  REFERRAL_STATUSES,
} from "../../lib/subscriptions/referral-status.ts";
import { estimateReferralReward, formatCommission } from "../../lib/subscriptions/calculator.ts";
import { formatPkr, rupeesText } from "../../lib/treatment/money.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Button, Card, Field, Input, Notice, PageHeader, Select, Textarea } from "../ui/mod.ts";
import { planPriceText } from "./plan-price.ts";
import { ReferralStatusBadge } from "./ReferralStatusBadge.tsx";

const NOTICES: Record<string, string> = {
  plan: "Plan saved. Every price on the platform, and the referral calculator, now use it.",
  commission: "Commission rate saved. Clinics' referral calculators use it from now on.",
  referral: "Referral status saved.",
};

const PLATFORM_ZONE = "Asia/Karachi";

export interface AdminPlansForm {
  /** Which form was refused: a plan id, or "commission". */
  target: string;
  values: FormValues;
  problem: FormProblem;
}

/** How many months' worth the annual price is, for the superadmin's sense of the discount. */
function annualHint(plan: SubscriptionPlan): string {
  if (!plan.priceMinor) return "Free plans cost nothing on either period.";
  const months = plan.annualPriceMinor / plan.priceMinor;
  return `${planPriceText(plan, "annual")} · ${
    months.toLocaleString("en-US", { maximumFractionDigits: 1 })
  } months' worth`;
}

function PlanForm({ plan, form }: { plan: SubscriptionPlan; form?: AdminPlansForm }) {
  const mine = form?.target === plan.id ? form : undefined;
  const values = mine?.values;
  const fields = mine?.problem.fields ?? {};
  const id = (name: string) => `${plan.id}-${name}`;
  return (
    <Card title={plan.name} action={<span class="text-xs text-slate-500">{plan.id}</span>}>
      <form
        method="post"
        action={`/admin/plans/${plan.id}`}
        class="space-y-4 p-5"
        data-plan={plan.id}
      >
        {mine && <p role="alert" class="text-sm font-medium text-red-700">{mine.problem.message}
        </p>}
        <p class="text-2xl font-semibold tracking-tight text-slate-900" data-plan-price>
          {planPriceText(plan, "monthly")}
        </p>
        <div class="grid grid-cols-2 gap-3">
          <Field
            id={id("monthly")}
            name="priceMinor"
            label="Monthly (PKR)"
            error={fields.priceMinor}
          >
            <Input
              id={id("monthly")}
              name="priceMinor"
              inputMode="decimal"
              required
              value={values?.priceMinor ?? rupeesText(plan.priceMinor)}
              invalid={!!fields.priceMinor}
            />
          </Field>
          <Field
            id={id("annual")}
            name="annualPriceMinor"
            label="Annual (PKR)"
            error={fields.annualPriceMinor}
          >
            <Input
              id={id("annual")}
              name="annualPriceMinor"
              inputMode="decimal"
              required
              value={values?.annualPriceMinor ?? rupeesText(plan.annualPriceMinor)}
              invalid={!!fields.annualPriceMinor}
            />
          </Field>
        </div>
        <p class="text-xs text-slate-500">{annualHint(plan)}</p>
        <Field
          id={id("features")}
          name="features"
          label="Features"
          hint="One per line; shown on plan cards and in the plan dialog."
          error={fields.features}
        >
          <Textarea
            id={id("features")}
            name="features"
            rows={4}
            value={values?.features ?? plan.features.join("\n")}
            invalid={!!fields.features}
            aria-describedby={`${id("features")}-hint`}
          />
        </Field>
        <Button class="w-full">Save {plan.name}</Button>
      </form>
    </Card>
  );
}

function CommissionForm(
  { bps, plans, form }: { bps: number; plans: SubscriptionPlan[]; form?: AdminPlansForm },
) {
  const mine = form?.target === "commission" ? form : undefined;
  const example = plans.find((p) => p.priceMinor > 0);
  return (
    <Card title="Referral commission">
      <form method="post" action="/admin/plans/commission" class="space-y-4 p-5">
        <p class="text-sm text-slate-600">
          The share of a referred clinic's subscription the referring clinic earns. Clinics'
          referral calculators apply it to the live prices above. Now:{" "}
          <span class="font-semibold text-slate-900" data-commission>{formatCommission(bps)}</span>
          {example &&
            ` (one ${example.name} clinic on monthly billing earns its referrer ${
              formatPkr(
                estimateReferralReward({
                  plans: [example],
                  counts: { [example.id]: 1 },
                  commissionBps: bps,
                  billingPeriod: "monthly",
                }).yearlyMinor,
              )
            } a year)`}.
        </p>
        <div class="flex flex-col gap-3 sm:flex-row sm:items-end">
          <Field
            id="commissionPercent"
            label="Commission (%)"
            error={mine?.problem.fields.commissionPercent ?? mine?.problem.message}
            class="sm:w-48"
          >
            <Input
              id="commissionPercent"
              name="commissionPercent"
              inputMode="decimal"
              required
              value={mine?.values.commissionPercent ?? String(bps / 100)}
              invalid={!!mine}
            />
          </Field>
          <Button variant="secondary">Save rate</Button>
        </div>
      </form>
    </Card>
  );
}

function ReferralRow({ referral }: { referral: PlatformReferral }) {
  return (
    <li
      class="grid grid-cols-1 gap-3 px-5 py-4 lg:grid-cols-12 lg:items-center"
      data-referral={referral.id}
    >
      <div class="lg:col-span-4">
        <p class="text-sm font-semibold text-slate-900">{referral.clinicName}</p>
        <p class="text-xs text-slate-500">
          {referral.city} · referred by{" "}
          <a
            href={`/admin/clinics/${referral.referrerClinicId}`}
            class="text-brand-700 underline hover:no-underline"
          >
            {referral.referrerName}
          </a>
        </p>
      </div>
      <div class="text-sm text-slate-700 lg:col-span-4">
        <p>{referral.contactName}</p>
        <p class="text-xs text-slate-500 break-all">
          <a href={`mailto:${referral.email}`} class="hover:underline">{referral.email}</a>
          {" · "}
          <a href={`tel:${referral.phone}`} class="hover:underline">{referral.phone}</a>
        </p>
      </div>
      <form
        method="post"
        action={`/admin/referrals/${referral.id}/status`}
        class="flex items-center gap-2 lg:col-span-4 lg:justify-end"
      >
        <span class="mr-auto whitespace-nowrap text-xs text-slate-500 lg:mr-2">
          {formatDateTime(referral.createdAt, PLATFORM_ZONE)}
        </span>
        <label class="sr-only" for={`status-${referral.id}`}>
          Status of {referral.clinicName}
        </label>
        <Select id={`status-${referral.id}`} name="status" class="w-36">
          {REFERRAL_STATUSES.map((status) => (
            <option key={status} value={status} selected={status === referral.status}>
              {REFERRAL_STATUS_LABELS[status]}
            </option>
          ))}
        </Select>
        <Button size="sm" variant="secondary">Save</Button>
      </form>
    </li>
  );
}

export function AdminPlansPage(
  { plans, commissionBps, referrals, notice, form }: {
    plans: SubscriptionPlan[];
    commissionBps: number;
    referrals: PlatformReferral[];
    notice?: string;
    form?: AdminPlansForm;
  },
) {
  const saved = notice && !form ? NOTICES[notice] : undefined;
  const fresh = referrals.filter((r) => r.status === "new").length;
  return (
    <>
      <PageHeader
        title="Plans & referrals"
        subtitle="Plan prices in PKR, the referral commission, and every referral clinics have sent in."
      />
      {saved && <Notice tone="success">{saved}</Notice>}
      {form?.target === "referral" && <Notice tone="error">{form.problem.message}</Notice>}
      <div class="grid grid-cols-1 gap-6 lg:grid-cols-3">
        {plans.map((plan) => <PlanForm key={plan.id} plan={plan} form={form} />)}
      </div>
      <div class="mt-6">
        <CommissionForm bps={commissionBps} plans={plans} form={form} />
      </div>
      <div class="mt-6" id="referrals">
        <Card
          title="Referrals"
          action={
            <span class="flex items-center gap-2 text-xs text-slate-500">
              {referrals.length} in all
              {fresh > 0 && <ReferralStatusBadge status="new" label={`${fresh} new`} />}
            </span>
          }
        >
          {referrals.length === 0
            ? (
              <p class="px-5 py-6 text-sm text-slate-500">
                No referrals yet. Clinics share their link from their Referrals page.
              </p>
            )
            : (
              <ul class="divide-y divide-slate-100">
                {referrals.map((r) => <ReferralRow key={r.id} referral={r} />)}
              </ul>
            )}
        </Card>
      </div>
    </>
  );
}
