/**
 * A patient's periodontal chart: the exams taken (newest first), the chosen
 * exam's summary and chart, and a comparison with an earlier exam, site by
 * site. Choosing exams is a GET form, so the page needs no JavaScript.
 */
import type { PerioPageData } from "../../lib/perio/pages.ts";
import { isWorse, type SiteChange, summarize } from "../../lib/perio/sites.ts";
import { BackLink } from "../patients/BackLink.tsx";
import { ButtonLink, Card, Notice, PageHeader } from "../ui/mod.ts";
import { PerioChart, PerioComparison, PerioSummaryFigures } from "./PerioChart.tsx";

const DATE = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  day: "numeric",
  month: "short",
  year: "numeric",
});
export const examDate = (date: string) => DATE.format(new Date(`${date}T00:00:00Z`));

export function PerioPage(
  { patientId, patientName, data, mayRecord, saved }: {
    patientId: string;
    patientName: string;
    data: PerioPageData;
    mayRecord: boolean;
    saved: boolean;
  },
) {
  const { exams, exam, compared, changes } = data;
  return (
    <div class="space-y-6" data-perio-page>
      <BackLink href={`/patients/${patientId}?tab=chart`} label={patientName} />
      <PageHeader title="Periodontal chart" subtitle={patientName}>
        {mayRecord && (
          <ButtonLink href={`/patients/${patientId}/perio/new`}>New perio exam</ButtonLink>
        )}
      </PageHeader>
      {saved && <Notice tone="success">Perio exam saved.</Notice>}
      {!exam && (
        <Card>
          <p class="px-5 py-5 text-sm text-slate-600">No periodontal exam recorded yet.</p>
        </Card>
      )}
      {exam && (
        <>
          <form method="get" class="flex flex-wrap items-end gap-3" data-perio-pick>
            <label class="text-sm">
              <span class="mb-1 block font-medium text-slate-700">Exam</span>
              <select name="exam" class="min-h-[44px] rounded-lg border border-slate-300 px-2">
                {exams.map((e) => (
                  <option key={e.id} value={e.id} selected={e.id === exam.id}>
                    {examDate(e.examinedOn)} · {e.recordedByName ?? "Former staff member"}
                  </option>
                ))}
              </select>
            </label>
            {exams.length > 1 && (
              <label class="text-sm">
                <span class="mb-1 block font-medium text-slate-700">Compare with</span>
                <select name="compare" class="min-h-[44px] rounded-lg border border-slate-300 px-2">
                  <option value="">—</option>
                  {exams.filter((e) => e.id !== exam.id).map((e) => (
                    <option key={e.id} value={e.id} selected={e.id === compared?.id}>
                      {examDate(e.examinedOn)}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button
              type="submit"
              class="min-h-[44px] rounded-lg border border-slate-300 bg-white px-4 text-sm font-medium text-slate-700"
            >
              Show
            </button>
          </form>
          <PerioSummaryFigures summary={summarize([...exam.sites.values()])} />
          <Card title={`Exam of ${examDate(exam.examinedOn)}`}>
            <div class="px-3 py-4 sm:px-5">
              <PerioChart exam={exam} />
            </div>
          </Card>
          {compared && (
            <Card title={`Compared with the exam of ${examDate(compared.examinedOn)}`}>
              <div class="space-y-4 p-4">
                <PerioSummaryFigures summary={summarize([...compared.sites.values()])} />
                <ComparisonCounts changes={changes} />
              </div>
              <PerioComparison
                changes={changes}
                beforeLabel={examDate(
                  compared.examinedOn <= exam.examinedOn ? compared.examinedOn : exam.examinedOn,
                )}
                afterLabel={examDate(
                  compared.examinedOn <= exam.examinedOn ? exam.examinedOn : compared.examinedOn,
                )}
              />
            </Card>
          )}
        </>
      )}
    </div>
  );
}

function ComparisonCounts({ changes }: { changes: SiteChange[] }) {
  const worse = changes.filter((c) => isWorse(c)).length;
  const better = changes.filter((c) => (c.depthChange ?? 0) <= -2).length;
  return (
    <p class="text-sm text-slate-700" data-perio-counts>
      <strong class="text-red-700">{worse}</strong> of {changes.length}{" "}
      sites worse by 2 mm or more (depth or attachment),{" "}
      <strong class="text-emerald-700">
        {better}
      </strong>{" "}
      shallower by 2 mm or more. Sites that changed are listed, worst first.
    </p>
  );
}
