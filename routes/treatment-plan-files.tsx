/**
 * A plan's images (before/after photos, acceptance signatures) and its print view, for members
 * who may see the plan.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";
import { notFound } from "../lib/errors.ts";
import { getPlan } from "../lib/treatment/plans.ts";
import { planImageFile, readObject } from "../lib/treatment/photos.ts";
import { PlanPrintPage } from "../components/treatment/PlanPrintPage.tsx";
import { renderDocument } from "./_document.ts";
import { staffPage } from "./_page.tsx";

const page = staffPage({ module: "treatment", permission: "treatment.plans.view" });

export const treatmentPlanFileRoutes = new Hono<AppEnv>()
  .get("/treatment-plans/:id/image/:kind", page, async (c) => {
    const { db, storage } = c.var.deps;
    const file = await planImageFile(
      db,
      c.var.clinicId,
      c.req.param("id"),
      c.req.param("kind"),
      c.req.query("acceptance"),
    );
    const bytes = await readObject(storage, file.objectKey);
    if (!bytes) throw notFound();
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": file.contentType,
      "Cache-Control": "private, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    });
  })
  .get("/treatment-plans/:id/print", page, async (c) => {
    const plan = await getPlan(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return c.html(renderDocument(
      <PlanPrintPage
        plan={plan}
        clinicName={c.var.me.clinic?.name ?? ""}
        timeZone={c.var.me.clinic?.timeZone ?? "Asia/Karachi"}
        today={new Date()}
      />,
      { title: `${plan.title} · ${plan.patient.fullName}` },
    ));
  });
