/**
 * A clinic's admin page: its plan (with the plan dialog and the plan history), the test-account
 * tag, module switches and members. Every form posts back to this page's URLs.
 */
import type { ClinicDetail, Plan, PlanChange } from "../../lib/admin/clinic-plans.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { StaffMember } from "../../lib/staff/members.ts";
import { Button, ButtonLink, Card, Notice, PageHeader } from "../ui/mod.ts";
import { BackLink } from "./BackLink.tsx";
import { PlanBadge, TestBadge } from "./ClinicBadges.tsx";
import { ClinicMembers } from "./ClinicMembers.tsx";
import { ClinicModules } from "./ClinicModules.tsx";
import { PLAN_DIALOG_ID, PlanAssignmentForm } from "./PlanAssignmentForm.tsx";
import { PlanHistory } from "./PlanHistory.tsx";
import { BILLING_PERIOD_LABELS, planPriceText } from "../plans/plan-price.ts";

const STATUS_LABELS: Record<string, string> = {
  trial: "Trial",
  active: "Active subscription",
  suspended: "Suspended",
};

function PlanCard({ detail }: { detail: ClinicDetail }) {
  const { clinic, plan } = detail;
  return (
    <Card
      title="Plan"
      action={
        <ButtonLink href={`#${PLAN_DIALOG_ID}`} size="sm" variant="secondary">
          Change plan
        </ButtonLink>
      }
    >
      <div class="grid grid-cols-1 gap-5 p-5 sm:grid-cols-2">
        <div>
          <p class="text-sm text-slate-600" data-current-plan>
            Current plan: <span class="font-semibold text-slate-900">{plan.name}</span> ·{" "}
            {planPriceText(plan, clinic.billingPeriod)}
          </p>
          <dl class="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
            <dt class="text-slate-500">Billing</dt>
            <dd class="text-slate-900">{BILLING_PERIOD_LABELS[clinic.billingPeriod]}</dd>
            <dt class="text-slate-500">Status</dt>
            <dd class="text-slate-900">
              {STATUS_LABELS[clinic.subscriptionStatus] ?? clinic.subscriptionStatus}
            </dd>
          </dl>
        </div>
        <ul class="space-y-1.5 text-sm text-slate-700">
          {plan.features.map((feature) => (
            <li key={feature} class="flex items-start gap-2">
              <span class="mt-0.5 text-brand-600" aria-hidden="true">✓</span>
              {feature}
            </li>
          ))}
        </ul>
      </div>
    </Card>
  );
}

const NOTICES: Record<string, string> = {
  plan: "Plan updated. Roles without a customised template now follow the new plan's baseline.",
  "plan-reset": "Plan updated, and every role template was reset to the new plan's baseline.",
  module: "Module switch saved.",
  "test-account": "Test account tag updated.",
};

function TestAccountCard({ clinic }: { clinic: ClinicDetail["clinic"] }) {
  return (
    <Card title="Test account" class="self-start">
      <div class="p-5">
        <p class="text-sm text-slate-600">
          {clinic.isTestAccount
            ? "This clinic is tagged as a test account. It is left out of revenue totals and clinic counts."
            : "A real clinic, counted in revenue totals and clinic counts."}
        </p>
        <form method="post" action={`/admin/clinics/${clinic.id}/test-account`} class="mt-4">
          <input
            type="hidden"
            name="isTestAccount"
            value={clinic.isTestAccount ? "false" : "true"}
          />
          <Button variant="secondary" class="w-full">
            {clinic.isTestAccount ? "Remove the test tag" : "Tag as test account"}
          </Button>
        </form>
      </div>
    </Card>
  );
}

export function ClinicPage(
  { detail, plans, history, members, notice, problem, planForm, now }: {
    detail: ClinicDetail;
    plans: Plan[];
    /** The clinic's plan changes, newest first. */
    history: PlanChange[];
    members: StaffMember[];
    /** The `notice` query after a successful post. */
    notice?: string;
    /** A refused module or test-account switch. */
    problem?: string;
    /** A refused plan assignment, shown in its form. */
    planForm?: { values: FormValues; problem: FormProblem };
    now: Date;
  },
) {
  const { clinic } = detail;
  const saved = notice ? NOTICES[notice] : undefined;
  return (
    <>
      <BackLink href="/admin/clinics" label="Clinics & plans" />
      <PageHeader
        title={clinic.name}
        subtitle={`${clinic.slug} · ${clinic.ownerEmail} · ${clinic.members} active ${
          clinic.members === 1 ? "member" : "members"
        }`}
      >
        <div class="flex flex-wrap gap-2">
          <PlanBadge planId={clinic.planId} name={clinic.planName} />
          {clinic.isTestAccount && <TestBadge />}
        </div>
      </PageHeader>
      {saved && !problem && !planForm && <Notice tone="success">{saved}</Notice>}
      {problem && <Notice tone="error">{problem}</Notice>}
      <div class="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div class="space-y-6 xl:col-span-2">
          <PlanCard detail={detail} />
          <PlanHistory changes={history} />
        </div>
        <TestAccountCard clinic={clinic} />
      </div>
      <PlanAssignmentForm detail={detail} plans={plans} submitted={planForm} />
      <ClinicModules modules={detail.modules} clinicId={clinic.id} planName={detail.plan.name} />
      <ClinicMembers clinicId={clinic.id} members={members} now={now} />
    </>
  );
}
