/** Who a role template reaches, who it does not, and when it last changed. */
import type { ComponentChildren } from "preact";
import type { RoleTemplateView, TemplateRole } from "../../lib/permissions/templates.ts";
import { formatDateTime } from "../../lib/view/format.ts";

/** What one member of the role is called, singular and plural. */
export const MEMBER_NOUNS: Record<TemplateRole, [string, string]> = {
  admin: ["admin", "admins"],
  doctor: ["doctor", "doctors"],
  nurse: ["nurse", "nurses"],
  reception: ["receptionist", "receptionists"],
};

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

export function TemplateFacts(
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
