/**
 * Superadmin pages for clinics ("Superadmin Dashboard"): the list of clinics,
 * and per clinic the plan assignment form (current plan, what each tier
 * includes, an internal note), module switches and the test-account tag.
 * Plain forms; each post calls the same lib function as the API.
 */
import { type Context, Hono } from "hono";
import type { ComponentChildren } from "preact";
import { AppShell } from "../components/AppShell.tsx";
import { Notice } from "../components/Notice.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import { Icon } from "../components/Icon.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext, type StaffContext } from "../lib/auth/staff-context.ts";
import { badRequest } from "../lib/errors.ts";
import { pageSuperadminOnly } from "../lib/permissions/page-guards.ts";
import { MODULE_CATALOG, PLAN_MODULES } from "../lib/permissions/features.ts";
import { MODULE_LABELS } from "../lib/permissions/access.ts";
import {
  assignPlan,
  type ClinicDetail,
  clinicDetail,
  type ClinicSummary,
  listClinics,
  listPlans,
  type Plan,
} from "../lib/admin/clinic-plans.ts";
import { type ModuleState, setModule, setTestAccount } from "../lib/admin/clinic-modules.ts";
import { formatMoney, formatRelative } from "../lib/view/format.ts";
import { RoleBadge } from "../components/RoleBadge.tsx";
import PermissionTree from "../islands/PermissionTree.tsx";
import { PERMISSION_TREE } from "../lib/permissions/tree.ts";
import { listMembers, memberPermissions, type StaffMember } from "../lib/staff/members.ts";
import { listPlatformInvitations, type PlatformInvitation } from "../lib/staff/invitations.ts";
import { renderDocument } from "../lib/view/render.ts";
import { staffPage } from "./resume.tsx";

const ROLE_NAMES: Record<string, string> = {
  admin: "Admin",
  doctor: "Doctor",
  nurse: "Nurse",
  reception: "Reception",
};

const NOTICES: Record<string, string> = {
  plan: "Plan updated. Roles without a customised template now follow the new plan's baseline.",
  "plan-reset": "Plan updated, and every role template was reset to the new plan's baseline.",
  module: "Module switch saved.",
  "test-account": "Test account tag updated.",
};

// Add-ons are sold separately and belong to no tier, so they are not a tier's hint.
const PLANNED_MODULES = new Set(Object.values(PLAN_MODULES).flat());
const TIER_MODULES = MODULE_CATALOG.filter((m) => PLANNED_MODULES.has(m.key));

function page(c: Context<AppEnv>, me: StaffContext, title: string, body: ComponentChildren) {
  return renderDocument(
    <AppShell
      me={me}
      refreshLeadMs={c.var.deps.config.refreshLeadSeconds * 1000}
      current="/admin/clinics"
    >
      {body}
    </AppShell>,
    { title },
  );
}

function price(plan: Pick<Plan, "priceMinor" | "currency" | "billingInterval">) {
  return plan.priceMinor
    ? `${formatMoney(plan.priceMinor, plan.currency)} / ${plan.billingInterval}`
    : "No charge";
}

function PlanBadge({ planId, name }: { planId: string; name: string }) {
  const style = planId === "pro_plus"
    ? "bg-indigo-50 text-indigo-700 ring-indigo-200"
    : planId === "pro"
    ? "bg-brand-50 text-brand-700 ring-brand-200"
    : "bg-slate-50 text-slate-700 ring-slate-200";
  return (
    <span
      class={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`}
    >
      {name}
    </span>
  );
}

function TestBadge() {
  return (
    <span class="inline-flex rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-700 ring-1 ring-inset ring-amber-200">
      Test account
    </span>
  );
}

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

function ClinicsList({ clinics }: { clinics: ClinicSummary[] }) {
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
    </>
  );
}

function PlanOption({ plan, current }: { plan: Plan; current: boolean }) {
  return (
    <label class="relative flex cursor-pointer flex-col rounded-xl p-4 ring-1 ring-slate-200 hover:ring-brand-300 [&:has(input:checked)]:bg-brand-50/40 [&:has(input:checked)]:ring-2 [&:has(input:checked)]:ring-brand-500">
      <span class="flex items-center gap-2">
        <input
          type="radio"
          name="planId"
          value={plan.id}
          checked={current}
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

function PlanForm({ detail, plans }: { detail: ClinicDetail; plans: Plan[] }) {
  const customised = detail.customisedRoles.map((r) => ROLE_NAMES[r] ?? r);
  return (
    <Card title="Plan assignment">
      <form method="post" action={`/admin/clinics/${detail.clinic.id}/plan`} class="p-5 space-y-5">
        <p class="text-sm text-slate-600">
          Current plan: <span class="font-semibold text-slate-900">{detail.plan.name}</span> ·{" "}
          {price(detail.plan)}
        </p>
        <fieldset>
          <legend class="sr-only">New plan</legend>
          <div class="grid grid-cols-1 gap-3 md:grid-cols-3">
            {plans.map((plan) => (
              <PlanOption key={plan.id} plan={plan} current={plan.id === detail.plan.id} />
            ))}
          </div>
          <p class="mt-2 text-xs text-slate-500">
            WhatsApp is an add-on on every plan; switch it on under Modules.
          </p>
        </fieldset>
        <div>
          <label for="note" class="block text-sm font-medium text-slate-900">
            Internal note <span class="font-normal text-slate-500">(optional)</span>
          </label>
          <textarea
            id="note"
            name="note"
            rows={2}
            maxLength={1000}
            placeholder="Why the plan is changing, e.g. annual upgrade agreed by phone"
            class="mt-1.5 block w-full rounded-lg border border-slate-300 px-3.5 py-2.5 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
          />
          <p class="mt-1 text-xs text-slate-500">
            Kept in the activity log for platform staff.
          </p>
        </div>
        <div class="flex items-start gap-3 rounded-lg bg-slate-50 p-4">
          <input
            id="resetTemplates"
            type="checkbox"
            name="resetTemplates"
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
          <button
            type="submit"
            class="w-full rounded-lg bg-brand-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 sm:w-auto"
          >
            Assign plan
          </button>
        </div>
      </form>
    </Card>
  );
}

function ModuleRow(
  { module, clinicId, planName }: { module: ModuleState; clinicId: string; planName: string },
) {
  const origin = !PLANNED_MODULES.has(module.key)
    ? module.source === "override"
      ? `Add-on, switched ${module.enabled ? "on" : "off"} by the platform`
      : "Add-on, in no plan"
    : module.source === "override"
    ? `Switched ${module.enabled ? "on" : "off"} by the platform (${
      module.includedInPlan ? "in" : "not in"
    } ${planName})`
    : module.includedInPlan
    ? `Included in ${planName}`
    : `Not in ${planName}`;
  const action = `/admin/clinics/${clinicId}/modules/${module.key}`;
  const button = "rounded-lg px-3 py-1.5 text-sm font-medium ring-1";
  return (
    <li class="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center">
      <div class="min-w-0 flex-1">
        <div class="flex flex-wrap items-center gap-2">
          <p class="text-sm font-medium text-slate-900">{module.label}</p>
          <span
            class={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
              module.enabled
                ? "bg-brand-50 text-brand-700 ring-brand-200"
                : "bg-slate-50 text-slate-500 ring-slate-200"
            }`}
          >
            {module.enabled ? "On" : "Off"}
          </span>
          <span
            class={`text-xs ${module.source === "override" ? "text-amber-700" : "text-slate-500"}`}
          >
            {origin}
          </span>
        </div>
        <p class="mt-0.5 text-sm text-slate-500">{module.description}</p>
      </div>
      <div class="flex shrink-0 gap-2">
        {module.source === "override" && (
          <form method="post" action={action}>
            <input type="hidden" name="enabled" value="plan" />
            <button
              type="submit"
              class={`${button} text-slate-700 ring-slate-300 hover:bg-slate-50`}
            >
              Follow plan
            </button>
          </form>
        )}
        <form method="post" action={action}>
          <input type="hidden" name="enabled" value={module.enabled ? "false" : "true"} />
          <button
            type="submit"
            aria-label={`${module.enabled ? "Turn off" : "Turn on"} ${module.label}`}
            class={module.enabled
              ? `${button} text-red-700 ring-red-200 hover:bg-red-50`
              : `${button} bg-brand-600 text-white ring-brand-600 hover:bg-brand-700`}
          >
            {module.enabled ? "Turn off" : "Turn on"}
          </button>
        </form>
      </div>
    </li>
  );
}

function ClinicPage(
  { detail, plans, members, notice }: {
    detail: ClinicDetail;
    plans: Plan[];
    members: StaffMember[];
    notice?: string;
  },
) {
  const { clinic } = detail;
  return (
    <>
      <a
        href="/admin/clinics"
        class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-900"
      >
        <Icon name="arrowLeft" class="h-4 w-4" />
        Clinics & plans
      </a>
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
      {notice && <Notice tone="success">{notice}</Notice>}
      <div class="grid grid-cols-1 gap-6 xl:grid-cols-3">
        <div class="xl:col-span-2">
          <PlanForm detail={detail} plans={plans} />
        </div>
        <Card title="Test account" class="self-start">
          <div class="p-5">
            <p class="text-sm text-slate-600">
              {clinic.isTestAccount
                ? "This clinic is tagged as a test account. It is left out of revenue totals and clinic counts."
                : "A real clinic, counted in revenue totals and clinic counts."}
            </p>
            <form
              method="post"
              action={`/admin/clinics/${clinic.id}/test-account`}
              class="mt-4"
            >
              <input
                type="hidden"
                name="isTestAccount"
                value={clinic.isTestAccount ? "false" : "true"}
              />
              <button
                type="submit"
                class="w-full rounded-lg px-4 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
              >
                {clinic.isTestAccount ? "Remove the test tag" : "Tag as test account"}
              </button>
            </form>
          </div>
        </Card>
      </div>
      <Card title="Modules" class="mt-6">
        <ul class="divide-y divide-slate-100">
          {detail.modules.map((module) => (
            <ModuleRow
              key={module.key}
              module={module}
              clinicId={clinic.id}
              planName={detail.plan.name}
            />
          ))}
        </ul>
      </Card>
      <MembersCard clinicId={clinic.id} members={members} />
    </>
  );
}

function MembersCard({ clinicId, members }: { clinicId: string; members: StaffMember[] }) {
  const now = new Date();
  return (
    <Card title="Members" class="mt-6">
      <ul class="divide-y divide-slate-100">
        {members.map((member) => (
          <li key={member.id} class="flex flex-col gap-2 px-5 py-3.5 sm:flex-row sm:items-center">
            <div class="min-w-0 flex-1">
              <p class="truncate text-sm font-medium text-slate-900">{member.name}</p>
              <p class="truncate text-sm text-slate-500">
                {member.email} · {member.lastLoginAt
                  ? `signed in ${formatRelative(member.lastLoginAt, now)}`
                  : "never signed in"}
              </p>
            </div>
            <div class="flex items-center gap-3">
              <RoleBadge role={member.role} />
              {member.status !== "active" && (
                <span class="text-xs font-medium text-slate-500">{member.status}</span>
              )}
              {member.role !== "owner" && (
                <a
                  href={`/admin/clinics/${clinicId}/members/${member.id}`}
                  class="rounded-lg px-3 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-brand-200 hover:bg-brand-50"
                >
                  {member.hasOverride ? "Override set" : "Permissions"}
                </a>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function InvitationsCard({ invitations }: { invitations: PlatformInvitation[] }) {
  const now = new Date();
  return (
    <Card title={`Pending invitations · ${invitations.length}`} class="mt-6">
      {invitations.length === 0
        ? (
          <p class="px-5 py-6 text-sm text-slate-500">
            No staff invitation is waiting for an answer.
          </p>
        )
        : (
          <ul class="divide-y divide-slate-100">
            {invitations.map((invitation) => (
              <li
                key={invitation.id}
                class="flex flex-col gap-1 px-5 py-3.5 sm:flex-row sm:items-center"
              >
                <div class="min-w-0 flex-1">
                  <p class="truncate text-sm font-medium text-slate-900">{invitation.email}</p>
                  <p class="truncate text-sm text-slate-500">
                    {invitation.clinicName} · sent {formatRelative(invitation.createdAt, now)} ·
                    {" "}
                    {invitation.expiresAt < now
                      ? "expired"
                      : `expires ${formatRelative(invitation.expiresAt, now)}`}
                  </p>
                </div>
                <RoleBadge role={invitation.role} />
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

function formBoolean(value: unknown, field: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw badRequest(`${field} must be true or false`);
}

export const adminRoutes = new Hono<AppEnv>()
  .get("/admin/clinics", staffPage, pageSuperadminOnly(), async (c) => {
    const { deps, principal } = c.var;
    const [me, clinics, invitations] = await Promise.all([
      loadStaffContext(deps, principal),
      listClinics(deps.db),
      listPlatformInvitations(deps.db),
    ]);
    return c.html(page(
      c,
      me,
      "Clinics & plans",
      <>
        <ClinicsList clinics={clinics} />
        <InvitationsCard invitations={invitations} />
      </>,
    ));
  })
  .get("/admin/clinics/:id", staffPage, pageSuperadminOnly(), async (c) => {
    const { deps, principal } = c.var;
    const [me, detail, plans] = await Promise.all([
      loadStaffContext(deps, principal),
      clinicDetail(deps.db, c.req.param("id")),
      listPlans(deps.db),
    ]);
    const members = await listMembers(deps.db, detail.clinic.id);
    const notice = NOTICES[c.req.query("notice") ?? ""];
    return c.html(
      page(
        c,
        me,
        detail.clinic.name,
        <ClinicPage detail={detail} plans={plans} members={members} notice={notice} />,
      ),
    );
  })
  .get("/admin/clinics/:id/members/:memberId", staffPage, pageSuperadminOnly(), async (c) => {
    const { deps, principal } = c.var;
    const detail = await clinicDetail(deps.db, c.req.param("id"));
    const [me, permissions] = await Promise.all([
      loadStaffContext(deps, principal),
      memberPermissions(deps.db, detail.clinic.id, c.req.param("memberId")),
    ]);
    const { member } = permissions;
    const apiUrl = `/api/v1/admin/clinics/${detail.clinic.id}/members/${member.id}/permissions`;
    const editable = member.role !== "owner";
    return c.html(page(
      c,
      me,
      `${member.name} · ${detail.clinic.name}`,
      <>
        <a
          href={`/admin/clinics/${detail.clinic.id}`}
          class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-900"
        >
          <Icon name="arrowLeft" class="h-4 w-4" />
          {detail.clinic.name}
        </a>
        <PageHeader
          title={member.name}
          subtitle={`${member.email} · ${detail.clinic.name}. An override replaces the role's template for this person only; later template edits do not touch it.`}
        >
          <RoleBadge role={member.role} />
        </PageHeader>
        <PermissionTree
          tree={PERMISSION_TREE}
          selected={permissions.effective}
          unavailable={permissions.unavailable}
          readOnly={!editable}
          saveUrl={editable ? apiUrl : undefined}
          method="PUT"
          resetUrl={editable && member.hasOverride ? apiUrl : undefined}
          saveLabel="Save override"
          resetLabel="Remove the override"
          resetConfirm={`Remove ${member.name}'s override and follow the role template again?`}
          title="Permissions"
          badge={member.hasOverride ? "Superadmin or clinic override" : "Follows the role template"}
        />
      </>,
    ));
  })
  .post("/admin/clinics/:id/plan", staffPage, pageSuperadminOnly(), async (c) => {
    const id = c.req.param("id");
    const form = await c.req.parseBody();
    const assignment = await assignPlan(c.var.deps.db, {
      clinicId: id,
      planId: typeof form.planId === "string" ? form.planId : "",
      note: typeof form.note === "string" ? form.note.slice(0, 1000) : undefined,
      resetTemplates: form.resetTemplates !== undefined,
      actorId: c.var.principal.userId,
    });
    const notice = assignment.resetRoles.length ? "plan-reset" : "plan";
    return c.redirect(`/admin/clinics/${id}?notice=${notice}`, 303);
  })
  .post("/admin/clinics/:id/modules/:moduleKey", staffPage, pageSuperadminOnly(), async (c) => {
    const id = c.req.param("id");
    const { enabled } = await c.req.parseBody();
    await setModule(c.var.deps.db, {
      clinicId: id,
      moduleKey: c.req.param("moduleKey"),
      enabled: enabled === "plan" ? null : formBoolean(enabled, "enabled"),
      actorId: c.var.principal.userId,
    });
    return c.redirect(`/admin/clinics/${id}?notice=module`, 303);
  })
  .post("/admin/clinics/:id/test-account", staffPage, pageSuperadminOnly(), async (c) => {
    const id = c.req.param("id");
    const { isTestAccount } = await c.req.parseBody();
    await setTestAccount(c.var.deps.db, {
      clinicId: id,
      isTestAccount: formBoolean(isTestAccount, "isTestAccount"),
      actorId: c.var.principal.userId,
    });
    return c.redirect(`/admin/clinics/${id}?notice=test-account`, 303);
  });
