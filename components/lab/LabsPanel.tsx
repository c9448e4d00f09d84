/** Settings → Lab: the clinic's labs; members who may not manage them see the list only. */
import type { Lab } from "../../lib/lab/labs.ts";
import { Badge, ButtonLink, Card } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";

export function LabsPanel({ labs, mayManage }: { labs: Lab[]; mayManage: boolean }) {
  return (
    <Card
      class="mb-6"
      title="Labs"
      action={mayManage && (
        <ButtonLink href="/settings/lab/labs/new" size="sm" variant="secondary">
          <Icon name="plus" class="h-4 w-4" />
          Add lab
        </ButtonLink>
      )}
    >
      {labs.length
        ? (
          <ul class="divide-y divide-slate-100" data-labs>
            {labs.map((lab) => (
              <li
                key={lab.id}
                class="flex flex-col gap-1 px-5 py-3.5 sm:flex-row sm:items-center sm:justify-between"
              >
                <div class="min-w-0">
                  <p class="flex items-center gap-2 font-medium text-slate-900">
                    {lab.name}
                    {!lab.active && <Badge>Not taking cases</Badge>}
                  </p>
                  <p class="text-sm text-slate-500">
                    {[lab.contactPerson, lab.phone, lab.email].filter(Boolean).join(" · ") ||
                      "No contact details"}
                  </p>
                  <p class="text-xs text-slate-500">
                    {lab.defaultTurnaroundDays} working days by default
                    {Object.keys(lab.turnaroundByType).length > 0 &&
                      ` · ${Object.keys(lab.turnaroundByType).length} case types set apart`}
                  </p>
                </div>
                {mayManage && (
                  <ButtonLink href={`/settings/lab/labs/${lab.id}`} size="sm" variant="ghost">
                    Edit
                  </ButtonLink>
                )}
              </li>
            ))}
          </ul>
        )
        : <p class="px-5 py-4 text-sm text-slate-500">No labs yet.</p>}
    </Card>
  );
}
