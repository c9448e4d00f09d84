/**
 * Settings → Permission Templates: one tab per templatable role, each the
 * Permission Tree of what the role's members get. The island saves through
 * /api/v1/role-templates.
 */
import PermissionTree from "../../islands/PermissionTree.tsx";
import { PageHeader } from "../ui/mod.ts";
import { ROLE_LABELS } from "../RoleBadge.tsx";
import { PERMISSION_TREE } from "../../lib/permissions/tree.ts";
import type { TemplateOverview } from "../../lib/staff/template-overview.ts";
import { MEMBER_NOUNS, TemplateFacts } from "./TemplateFacts.tsx";
import { TemplateRoleTabs } from "./TemplateRoleTabs.tsx";

const PLAN_LABELS: Record<string, string> = { free: "Free", pro: "Pro", pro_plus: "Pro+" };

export function PermissionTemplatesPage(
  { overview: { templates, template, planId, unavailable, editable }, clinicName, timeZone }: {
    overview: TemplateOverview;
    clinicName: string;
    timeZone: string;
  },
) {
  const { role } = template;
  const url = `/api/v1/role-templates/${role}`;
  const planName = PLAN_LABELS[planId] ?? planId;
  const label = ROLE_LABELS[role];
  return (
    <>
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
            {clinicName}. Members follow their role's template as soon as it is saved, new
            invitations included; members with individual permissions set on the Staff page are not
            affected.
          </>
        }
      />
      <div class="space-y-5">
        <div class="flex flex-col gap-3 lg:flex-row lg:items-center lg:justify-between">
          <TemplateRoleTabs templates={templates} current={role} />
          <p class="text-sm text-slate-500">
            <span class="font-medium text-slate-700">Owner</span>{" "}
            always has every permission and has no template.
          </p>
        </div>
        <TemplateFacts template={template} timeZone={timeZone} />
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
            unavailable={unavailable}
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
            badge={template.customised ? "Customised" : `Plan default (${planName})`}
            savedBadge="Customised"
          />
        </div>
      </div>
    </>
  );
}
