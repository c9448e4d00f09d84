/** Superadmin → DICOM usage: the per-clinic quota table and each clinic's own monthly limit. */
import { type Context, Hono } from "hono";
import { DicomUsagePage, type LimitFormState } from "../components/admin/DicomUsagePage.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { monthlyLimitForm } from "../lib/dicom/analysis/forms.ts";
import {
  dicomUsageTotals,
  listDicomUsage,
  setClinicLimit,
} from "../lib/dicom/analysis/usage-monitor.ts";
import { staffPage } from "./_page.tsx";

const PATH = "/admin/dicom-usage";

async function renderUsage(c: Context<AppEnv & StaffPageScope>, form?: LimitFormState) {
  const { db, kv, config } = c.var.deps;
  const now = new Date();
  const rows = await listDicomUsage({ db, kv, monthlyQuota: config.ai.monthlyQuota }, now);
  return c.render(
    <DicomUsagePage
      rows={rows}
      totals={dicomUsageTotals(rows)}
      defaultLimit={config.ai.monthlyQuota}
      now={now}
      notice={c.req.query("notice")}
      form={form}
    />,
    { title: "DICOM usage", current: PATH },
  );
}

export const adminDicomUsageRoutes = new Hono<AppEnv>()
  .get(PATH, staffPage({ superadmin: true }), (c) => renderUsage(c))
  .post(`${PATH}/:clinicId/limit`, staffPage({ superadmin: true }), (c) => {
    const clinicId = c.req.param("clinicId");
    return submitForm(c, monthlyLimitForm, {
      onValid: async ({ monthlyLimit }) => {
        await setClinicLimit(c.var.deps.db, {
          clinicId,
          monthlyLimit,
          actorId: c.var.principal.userId,
        });
        return c.redirect(`${PATH}?notice=limit`, 303);
      },
      onProblem: (values, problem) => renderUsage(c, { clinicId, values, problem }),
    });
  });
