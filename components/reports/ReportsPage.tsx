/**
 * The Ruby reports page: "Generate report" for a chosen period (by default
 * the last thirty days), the report shown (the newest, or the one opened
 * from the history), and the history of every report, collapsed.
 */
import PdfExport from "../../islands/PdfExport.tsx";
import { Button, buttonClass, Card, Field, Input, Notice, PageHeader } from "../ui/mod.ts";
import type { StoredReport } from "../../lib/reports/reports.ts";
import type { ReportSections } from "../../lib/reports/sections.ts";
import { HistoryPanel } from "./HistoryPanel.tsx";
import { ReportView } from "./ReportView.tsx";

export interface ReportsPageProps {
  shown: StoredReport | null;
  history: StoredReport[];
  timeZone: string;
  may: { generate: boolean; export: boolean };
  /** The sections the reader's `reports.*` permissions open. */
  sections: ReportSections;
  /** The period the form offers: the last thirty days unless the user typed others. */
  form: { from: string; to: string; error?: string };
  notice?: string;
}

function GenerateForm({ form }: { form: ReportsPageProps["form"] }) {
  return (
    <Card>
      <form
        method="post"
        action="/reports"
        class="flex flex-col gap-4 p-5 sm:flex-row sm:items-end"
        data-generate-report
      >
        <Field id="report-from" name="from" label="From" class="sm:w-44">
          <Input id="report-from" type="date" name="from" value={form.from} required />
        </Field>
        <Field id="report-to" name="to" label="To" class="sm:w-44">
          <Input id="report-to" type="date" name="to" value={form.to} required />
        </Field>
        <Button type="submit">Generate report</Button>
        <p class="text-xs text-slate-500 sm:ml-auto sm:max-w-xs">
          Figures are computed fresh from the clinic's data and compared with the period of the same
          length just before.
        </p>
      </form>
    </Card>
  );
}

export function ReportsPage(props: ReportsPageProps) {
  const { shown, history, timeZone, may, form, notice, sections } = props;
  return (
    <>
      <PageHeader
        title="Ruby reports"
        subtitle="Your clinic's figures, what they say, and every earlier report"
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      {form.error && <Notice tone="error">{form.error}</Notice>}
      <div class="space-y-6">
        {may.generate && <GenerateForm form={form} />}
        {shown
          ? (
            <ReportView
              report={shown}
              timeZone={timeZone}
              sections={sections}
              exportButton={may.export
                ? (
                  <PdfExport
                    href={`/api/v1/reports/ruby/${shown.id}/pdf`}
                    filename={`ruby-report-${shown.figures.current.period.start}-${shown.figures.current.period.end}.pdf`}
                    buttonClass={buttonClass("secondary", "sm")}
                  />
                )
                : undefined}
            />
          )
          : (
            <Card>
              <p class="px-5 py-6 text-sm text-slate-600">
                No report yet. {may.generate
                  ? "Choose a period and generate the first one."
                  : "Someone who may generate reports can make the first one."}
              </p>
            </Card>
          )}
        <HistoryPanel
          reports={history}
          currentId={shown?.id ?? null}
          timeZone={timeZone}
          sections={sections}
        />
      </div>
    </>
  );
}
