/** One tab per templatable role; a dot marks a template the clinic customised. */
import { ROLE_LABELS } from "../RoleBadge.tsx";
import type { RoleTemplateView, TemplateRole } from "../../lib/permissions/templates.ts";

export function TemplateRoleTabs(
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
