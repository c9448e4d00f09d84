/**
 * Ruby report pages: the newest report with the history under it, one
 * report opened from the history, and "Generate report", which computes the
 * figures fresh, stores the report and opens it.
 */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { reportSectionsFor } from "../lib/reports/sections.ts";
import { textProviderFromConfig } from "../lib/ai/mod.ts";
import { addDays } from "../lib/calendar/calendar-dates.ts";
import { localDateOf } from "../lib/time/zoned.ts";
import { DEFAULT_PERIOD_DAYS, generateReportSchema } from "../lib/reports/period.ts";
import {
  generateReport,
  getReport,
  reportHistory,
  type StoredReport,
} from "../lib/reports/reports.ts";
import { ReportsPage, type ReportsPageProps } from "../components/reports/ReportsPage.tsx";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const HEAD = { title: "Ruby reports", current: "/reports" };
const NOTICES: Record<string, string> = { generated: "Report generated." };

function defaultForm(timeZone: string): ReportsPageProps["form"] {
  const today = localDateOf(new Date(), timeZone);
  return { from: addDays(today, -(DEFAULT_PERIOD_DAYS - 1)), to: today };
}

async function renderReports(
  c: PageContext,
  options: { shown?: StoredReport; form?: ReportsPageProps["form"] } = {},
) {
  const { deps, me, clinicId } = c.var;
  const timeZone = me.clinic!.timeZone;
  const history = await reportHistory(deps.db, clinicId);
  const access = me.access!;
  return c.render(
    <ReportsPage
      shown={options.shown ?? history[0] ?? null}
      history={history}
      timeZone={timeZone}
      may={{
        generate: can(access, "ai.reports.generate"),
        export: can(access, "ai.reports.export"),
      }}
      sections={reportSectionsFor(access)}
      form={options.form ?? defaultForm(timeZone)}
      notice={NOTICES[c.req.query("notice") ?? ""]}
    />,
    HEAD,
  );
}

export const reportRoutes = new Hono<AppEnv>()
  .get("/reports", staffPage(PAGE_ACCESS.reports), (c) => renderReports(c))
  .post(
    "/reports",
    staffPage({ module: PAGE_ACCESS.reports.module, permission: "ai.reports.generate" }),
    (c) =>
      submitForm(c, generateReportSchema, {
        onValid: async (input) => {
          const { deps, clinicId, me } = c.var;
          const report = await generateReport(
            { db: deps.db, text: textProviderFromConfig(deps.config.ai) },
            { clinicId, actorId: me.user.id, input, now: new Date() },
          );
          return c.redirect(`/reports/${report.id}?notice=generated`, 303);
        },
        onProblem: (values, problem) =>
          renderReports(c, {
            form: { from: values.from ?? "", to: values.to ?? "", error: problem.message },
          }),
      }),
  )
  .get("/reports/:id", staffPage(PAGE_ACCESS.reports), async (c) => {
    const shown = await getReport(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return await renderReports(c, { shown });
  });
