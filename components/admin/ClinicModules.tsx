/** A clinic's module switches on its admin page: what decides each module, and the buttons to change it. */
import type { ModuleState } from "../../lib/admin/clinic-modules.ts";
import { Badge, Button, Card } from "../ui/mod.ts";
import { PLANNED_MODULES } from "./PlanAssignmentForm.tsx";

function origin(module: ModuleState, planName: string): string {
  const by = `${module.enabled ? "on" : "off"} by the platform`;
  if (!PLANNED_MODULES.has(module.key)) {
    return module.source === "override" ? `Add-on, switched ${by}` : "Add-on, in no plan";
  }
  if (module.source === "override") {
    return `Switched ${by} (${module.includedInPlan ? "in" : "not in"} ${planName})`;
  }
  return module.includedInPlan ? `Included in ${planName}` : `Not in ${planName}`;
}

function ModuleRow(
  { module, clinicId, planName }: { module: ModuleState; clinicId: string; planName: string },
) {
  const action = `/admin/clinics/${clinicId}/modules/${module.key}`;
  return (
    <li class="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center">
      <div class="min-w-0 flex-1">
        <div class="flex flex-wrap items-center gap-2">
          <p class="text-sm font-medium text-slate-900">{module.label}</p>
          <Badge tone={module.enabled ? "brand" : "slate"}>{module.enabled ? "On" : "Off"}</Badge>
          <span
            class={`text-xs ${module.source === "override" ? "text-amber-700" : "text-slate-500"}`}
          >
            {origin(module, planName)}
          </span>
        </div>
        <p class="mt-0.5 text-sm text-slate-500">{module.description}</p>
      </div>
      <div class="flex shrink-0 gap-2">
        {module.source === "override" && (
          <form method="post" action={action}>
            <input type="hidden" name="enabled" value="plan" />
            <Button variant="secondary" size="sm">Follow plan</Button>
          </form>
        )}
        <form method="post" action={action}>
          <input type="hidden" name="enabled" value={module.enabled ? "false" : "true"} />
          <Button
            variant={module.enabled ? "danger" : "primary"}
            size="sm"
            aria-label={`${module.enabled ? "Turn off" : "Turn on"} ${module.label}`}
          >
            {module.enabled ? "Turn off" : "Turn on"}
          </Button>
        </form>
      </div>
    </li>
  );
}

export function ClinicModules(
  { modules, clinicId, planName }: { modules: ModuleState[]; clinicId: string; planName: string },
) {
  return (
    <Card title="Modules" class="mt-6">
      <ul class="divide-y divide-slate-100">
        {modules.map((module) => (
          <ModuleRow key={module.key} module={module} clinicId={clinicId} planName={planName} />
        ))}
      </ul>
    </Card>
  );
}
