/** The superadmin's DICOM usage monitor as JSON, and each clinic's own monthly limit. */
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { superadminOnly } from "../../../lib/permissions/route-policy.ts";
import { monthlyLimitBody } from "../../../lib/dicom/analysis/forms.ts";
import { listDicomUsage, setClinicLimit } from "../../../lib/dicom/analysis/usage-monitor.ts";

/** Mounted at `/api/v1/admin/dicom-usage`. */
export const adminDicomUsageApi = new Hono<AppEnv>()
  .get("/", superadminOnly(), async (c) => {
    const { db, kv, config } = c.var.deps;
    return c.json({
      clinics: await listDicomUsage({ db, kv, monthlyQuota: config.ai.monthlyQuota }, new Date()),
    });
  })
  .put("/:clinicId", superadminOnly(), jsonBody(monthlyLimitBody), async (c) => {
    const { db, kv, config } = c.var.deps;
    const clinicId = c.req.param("clinicId");
    await setClinicLimit(db, {
      clinicId,
      monthlyLimit: c.req.valid("json").monthlyLimit,
      actorId: c.var.principal.userId,
    });
    const rows = await listDicomUsage({ db, kv, monthlyQuota: config.ai.monthlyQuota }, new Date());
    return c.json({ clinic: rows.find((r) => r.clinicId === clinicId) ?? null });
  });
