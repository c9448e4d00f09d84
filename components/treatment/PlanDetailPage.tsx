/**
 * One treatment plan: its options side by side with their figures, the planned teeth on the
 * dental chart, before/after photos, acceptance (in the clinic with an optional signature, or by
 * an emailed link) and what was accepted, revision by revision. Another member's change to the
 * plan while it is open brings up a notice offering a reload.
 */
import { ButtonLink, Card, Notice, PageHeader } from "../ui/mod.ts";
import type { ToothBadge } from "../clinical/DentalChart.tsx";
import Odontogram from "../../islands/Odontogram.tsx";
import type { ChartEntry } from "../../lib/clinical/chart.ts";
import type { ChartPalette } from "../../lib/clinical/odontogram-findings.ts";
import type { ChartView } from "../../lib/clinical/odontogram-geometry.ts";
import { PLANNED_BADGE_COLOR } from "../../lib/clinical/chart-palette.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import type { PlanDetail } from "../../lib/treatment/plans.ts";
import type { PlanStatus } from "../../lib/treatment/plan-input.ts";
import { STATUS_LABELS } from "../../lib/treatment/plan-input.ts";
import { PlanStatusBadge } from "./StatusBadge.tsx";
import { PlanOptionCard } from "./PlanOptionCard.tsx";
import type { ScheduleContext } from "./ItemSchedule.tsx";
import PlanChangeNotice from "../../islands/PlanChangeNotice.tsx";
import { PlanPhotos } from "./PlanPhotos.tsx";
import { AcceptanceHistory, AcceptancePanel } from "./PlanAcceptance.tsx";

export interface PlanPermissions {
  edit: boolean;
  approve: boolean;
  export: boolean;
  photos: boolean;
}

const NOTICES: Record<string, string> = {
  created: "Plan saved.",
  saved: "Changes saved as a new revision.",
  accepted: "Plan accepted; the accepted option is frozen with its signature.",
  status: "Status changed.",
  photo: "Photo attached.",
  item: "Item marked done.",
  scheduled: "Item scheduled.",
  unscheduled: "Item unscheduled: it is planned again.",
  link: "The patient has been emailed a link to review and accept the plan.",
};

const MOVES: Partial<Record<PlanStatus, PlanStatus[]>> = {
  draft: ["proposed", "declined", "cancelled"],
  proposed: ["draft", "declined", "cancelled"],
  accepted: ["in_progress", "cancelled"],
  in_progress: ["completed", "cancelled"],
  declined: ["draft"],
  cancelled: ["draft"],
};

/** Primary teeth (FDI 51–85) need the primary or mixed chart to be seen. */
function dentitionOf(
  planned: readonly string[],
  charted: readonly { tooth: string }[],
): ChartView {
  const teeth = [...planned, ...charted.map((entry) => entry.tooth)];
  const primary = teeth.some((tooth) => tooth >= "5");
  const permanent = teeth.some((tooth) => tooth < "5");
  return primary ? (permanent ? "mixed" : "primary") : "permanent";
}

export function PlanDetailPage(
  { plan, can, badges, chart, today, intraoral, notice, problem, timeZone, schedule, userId }: {
    plan: PlanDetail;
    /** The patient's chart as it stands, for a reader of the dental chart. */
    chart?: { entries: readonly ChartEntry[]; palette: ChartPalette } | null;
    /** The clinic's date, YYYY-MM-DD. */
    today: string;
    /** The reader, whose own changes the live notice leaves out. */
    userId: string;
    /** Scheduling items into visits, for members who may edit an open plan. */
    schedule?: ScheduleContext;
    can: PlanPermissions;
    badges: Record<string, ToothBadge[]>;
    intraoral: { id: string; capturedAt: Date }[];
    notice?: string;
    problem?: string;
    timeZone: string;
  },
) {
  const closed = plan.status === "completed" || plan.status === "cancelled";
  const acceptable = ["draft", "proposed", "accepted", "in_progress"].includes(plan.status) &&
    !plan.acceptances.some((a) => a.revision === plan.revision);
  return (
    <>
      <PageHeader
        title={plan.title}
        subtitle={
          <span class="flex flex-wrap items-center gap-2">
            <PlanStatusBadge status={plan.status} />
            <a
              href={`/patients/${plan.patient.id}`}
              class="font-medium text-brand-700 hover:underline"
            >
              {plan.patient.fullName}
            </a>
            <span>
              · {plan.patient.mrn} · revision {plan.revision} · updated{" "}
              {formatDateTime(plan.updatedAt, timeZone)}
            </span>
          </span>
        }
      >
        <div class="flex flex-wrap gap-2">
          {can.edit && !closed && (
            <ButtonLink href={`/treatment-plans/${plan.id}/edit`}>Edit plan</ButtonLink>
          )}
          {can.export && (
            <ButtonLink href={`/api/v1/treatment-plans/${plan.id}/pdf`} variant="secondary">
              PDF
            </ButtonLink>
          )}
          <ButtonLink href={`/treatment-plans/${plan.id}/print`} variant="secondary">
            Print
          </ButtonLink>
        </div>
      </PageHeader>
      {notice && NOTICES[notice] && <Notice tone="success">{NOTICES[notice]}</Notice>}
      {problem && <Notice tone="error">{problem}</Notice>}
      <PlanChangeNotice planId={plan.id} userId={userId} />

      <div class="grid gap-6 xl:grid-cols-3">
        <div class={`grid gap-6 xl:col-span-2 ${plan.options.length > 1 ? "lg:grid-cols-2" : ""}`}>
          {plan.options.map((option) => (
            <PlanOptionCard
              key={option.id}
              planId={plan.id}
              option={option}
              many={plan.options.length > 1}
              canMarkDone={can.edit && !closed && ["accepted", "in_progress"].includes(plan.status)}
              schedule={can.edit && !closed ? schedule : undefined}
            />
          ))}
        </div>
        <div class="space-y-6">
          {can.approve && acceptable && <AcceptancePanel plan={plan} />}
          {can.edit && MOVES[plan.status] && (
            <Card title="Status">
              <form
                method="post"
                action={`/treatment-plans/${plan.id}/status`}
                class="flex flex-wrap gap-2 p-5"
              >
                {MOVES[plan.status]!.map((to) => (
                  <button
                    key={to}
                    type="submit"
                    name="status"
                    value={to}
                    class="rounded-lg bg-white px-3 py-1.5 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
                  >
                    {STATUS_LABELS[to]}
                  </button>
                ))}
              </form>
            </Card>
          )}
          <AcceptanceHistory plan={plan} timeZone={timeZone} />
        </div>
      </div>

      <Card title="Planned teeth" class="mt-6">
        <div class="px-3 py-4 sm:px-5" data-planned-chart>
          <Odontogram
            patientId={plan.patient.id}
            view={dentitionOf(Object.keys(badges), chart?.entries ?? [])}
            entries={(chart?.entries ?? []).map(({ tooth, surface, kind, code }) => ({
              tooth,
              surface,
              kind,
              code,
            }))}
            badges={badges}
            plannedTeeth={Object.keys(badges)}
            may={{ conditions: false, procedures: false }}
            today={today}
            readOnly
            palette={chart?.palette}
          />
          <p class="mt-3 flex items-center gap-2 text-xs text-slate-600">
            <span
              class="inline-block h-2.5 w-2.5 rounded-full"
              style={{ backgroundColor: PLANNED_BADGE_COLOR }}
              aria-hidden="true"
            />
            Planned treatment{chart ? "; the rest is the patient's chart as it stands" : ""}
          </p>
        </div>
      </Card>
      <div class="mt-6 grid gap-6 xl:grid-cols-3">
        <PlanPhotos plan={plan} canManage={can.photos} intraoral={intraoral} timeZone={timeZone} />
        {plan.notes && (
          <Card title="Notes" class="xl:col-span-2">
            <p class="whitespace-pre-line px-5 py-4 text-sm text-slate-700">{plan.notes}</p>
          </Card>
        )}
      </div>
    </>
  );
}
