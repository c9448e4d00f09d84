/**
 * A clinic's admin page: plan assignment, the test-account tag, module
 * switches and members. Every form posts back to this page's URLs.
 */
import type { ClinicDetail, Plan } from "../../lib/admin/clinic-plans.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { StaffMember } from "../../lib/staff/members.ts";
import { Button, Card, Notice, PageHeader } from "../ui/mod.ts";
import { BackLink } from "./BackLink.tsx";
import { PlanBadge, TestBadge } from "./ClinicBadges.tsx";
import { ClinicMembers } from "./ClinicMembers.tsx";
import { ClinicModules } from "./ClinicModules.tsx";
import { PlanAssignmentForm } from "./PlanAssignmentForm.tsx";

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
  { detail, plans, members, notice, problem, planForm, now }: {
    detail: ClinicDetail;
    plans: Plan[];
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
        <div class="xl:col-span-2">
          <PlanAssignmentForm detail={detail} plans={plans} submitted={planForm} />
        </div>
        <TestAccountCard clinic={clinic} />
      </div>
      <ClinicModules modules={detail.modules} clinicId={clinic.id} planName={detail.plan.name} />
      <ClinicMembers clinicId={clinic.id} members={members} now={now} />
    </>
  );
}
