/**
 * Settings → Permission Templates: one tab per templatable role, each the
 * Permission Tree of what the role's members get. The island saves through
 * /api/v1/role-templates, the same lib functions the API calls.
 */
import { Hono } from "hono";
import type { ComponentChildren } from "preact";
import { AppShell } from "../components/AppShell.tsx";
import { PageHeader } from "../components/Card.tsx";
import PermissionTree from "../islands/PermissionTree.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import { can } from "../lib/permissions/access.ts";
import { pageRequires } from "../lib/permissions/page-guards.ts";
import { PERMISSION_TREE } from "../lib/permissions/tree.ts";
import {
  keysOutsideModules,
  listTemplates,
  type RoleTemplateView,
  type TemplateRole,
  templateRole,
} from "../lib/permissions/templates.ts";
import { formatDateTime } from "../lib/view/format.ts";
import { renderDocument } from "./_document.ts";
import { ROLE_LABELS } from "../components/RoleBadge.tsx";
import { staffPage } from "./resume.tsx";

/** What one member of the role is called, singular and plural. */
const MEMBER_NOUNS: Record<TemplateRole, [string, string]> = {
  admin: ["admin", "admins"],
  doctor: ["doctor", "doctors"],
  nurse: ["nurse", "nurses"],
  reception: ["receptionist", "receptionists"],
};

const PLAN_LABELS: Record<string, string> = { free: "Free", pro: "Pro", pro_plus: "Pro+" };

function RoleTabs(
  { templates, current }: { templates: RoleTemplateView[]; current: TemplateRole },
) {
  return (
    <nav aria-label="Roles" class="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <ul class="inline-flex min-w-full gap-1 rounded-xl bg-white p-1 shadow-sm ring-1 ring-slate-200 sm:min-w-0">
        {templates.map((template) => {
          const active = template.role === current;
          return (
            <li key={template.role} class="flex-1 sm:flex-none">
              <a
                href={`/settings/permission-templates?role=${template.role}`}
                aria-current={active ? "page" : undefined}
                class={`flex items-center justify-center gap-2 whitespace-nowrap rounded-lg px-4 py-2 text-sm font-medium ${
                  active ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-50"
                }`}
              >
                {ROLE_LABELS[template.role]}
                {template.customised && (
                  <span
                    class={`h-1.5 w-1.5 rounded-full ${active ? "bg-white" : "bg-brand-500"}`}
                    title="Customised"
                  />
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="flex items-baseline justify-between gap-3 px-4 py-2.5 sm:block sm:py-3">
      <dt class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd class="text-right text-sm font-semibold text-slate-900 sm:mt-1 sm:text-left">
        {children}
      </dd>
    </div>
  );
}

function TemplateFacts(
  { template, timeZone }: { template: RoleTemplateView; timeZone: string },
) {
  const [one, many] = MEMBER_NOUNS[template.role];
  return (
    <dl class="grid grid-cols-1 divide-y divide-slate-100 rounded-xl bg-white shadow-sm ring-1 ring-slate-200 sm:grid-cols-3 sm:divide-x sm:divide-y-0">
      <Fact label="Follows this template">
        {plural(template.following, `active ${one}`, `active ${many}`)}
      </Fact>
      <Fact label="Individual permissions">
        {template.overridden ? plural(template.overridden, "member", "members") : "None"}
        <span class="ml-1 font-normal text-slate-500">· not affected</span>
      </Fact>
      <Fact label="Last change">
        {template.updatedAt
          ? (
            <>
              {formatDateTime(template.updatedAt, timeZone)}
              {template.updatedByName && (
                <span class="ml-1 font-normal text-slate-500">by {template.updatedByName}</span>
              )}
            </>
          )
          : <span class="font-normal text-slate-500">Never edited</span>}
      </Fact>
    </dl>
  );
}

export const permissionTemplateRoutes = new Hono<AppEnv>()
  .get(
    "/settings/permission-templates",
    staffPage,
    pageRequires("settings.templates.view"),
    async (c) => {
      const { deps, principal } = c.var;
      const me = await loadStaffContext(deps, principal);
      const access = me.access!;
      const role = templateRole(c.req.query("role") ?? "doctor");
      const templates = await listTemplates(deps.db, access.clinicId, access.planId);
      const template = templates.find((t) => t.role === role)!;
      const editable = can(access, "settings.templates.edit");
      const url = `/api/v1/role-templates/${role}`;
      const planName = PLAN_LABELS[access.planId] ?? access.planId;
      const planDefault = `Plan default (${planName})`;
      const label = ROLE_LABELS[role];

      return c.html(renderDocument(
        <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current="/settings">
          <p class="mb-2 text-sm text-slate-500">
            <a href="/settings" class="font-medium text-brand-700 hover:text-brand-800">
              Settings
            </a>{" "}
            / Permission templates
          </p>
          <PageHeader
            title="Permission templates"
            subtitle={
              <>
                What each role can do in{" "}
                {me.clinic?.name}. Members follow their role's template as soon as it is saved, new
                invitations included; members with individual permissions set on the Staff page are
                not affected.
              </>
            }
          />
          <div class="space-y-5">
            <div class="flex flex-col gap-3 lg:flex-row lg:items-center lg:justify-between">
              <RoleTabs templates={templates} current={role} />
              <p class="text-sm text-slate-500">
                <span class="font-medium text-slate-700">Owner</span>{" "}
                always has every permission and has no template.
              </p>
            </div>
            <TemplateFacts template={template} timeZone={me.clinic?.timeZone ?? "Asia/Karachi"} />
            {!editable && (
              <p class="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-amber-200">
                You can look at the templates; changing them needs the “Edit permission templates”
                permission.
              </p>
            )}
            <div>
              <PermissionTree
                id={`template-${role}`}
                tree={PERMISSION_TREE}
                selected={template.permissions}
                unavailable={keysOutsideModules(access.modules)}
                readOnly={!editable}
                saveUrl={editable ? url : undefined}
                method="PUT"
                resetUrl={editable && template.customised ? url : undefined}
                saveLabel={`Save ${label.toLowerCase()} template`}
                resetLabel="Reset to plan default"
                resetConfirm={`Reset the ${label.toLowerCase()} template to the ${planName} plan's default? Every ${
                  MEMBER_NOUNS[role][0]
                } without individual permissions follows it at once.`}
                title={`${label} template`}
                badge={template.customised ? "Customised" : planDefault}
                savedBadge="Customised"
              />
            </div>
          </div>
        </AppShell>,
        { title: "Permission templates" },
      ));
    },
  );
