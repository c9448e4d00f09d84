/**
 * Treatment plan pages: the list, a new plan (patient, then the editor), a plan, its editor, its
 * print view, and the form posts (status, accept, photos, emailed link); an item's own posts
 * (done, scheduled) are in treatment-plan-items.tsx.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { isFormUserError, submitForm } from "../lib/http/form.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import { notFound } from "../lib/errors.ts";
import { getPlan, listPlans } from "../lib/treatment/plans.ts";
import { createPlan, updatePlan } from "../lib/treatment/plan-writes.ts";
import { itemAppointments } from "../lib/treatment/item-appointments.ts";
import {
  blankDocument,
  documentOf,
  editorContext,
  editorDocumentFromPost,
  newPlanFromForm,
  planChangeFromForm,
  plannedBadges,
} from "../lib/treatment/pages.ts";
import { PLAN_STATUSES, planEditorForm } from "../lib/treatment/plan-input.ts";
import { acceptPlan, signatureFromDataUrl } from "../lib/treatment/acceptance.ts";
import {
  attachPhoto,
  intraoralPhotos,
  PHOTO_SLOTS,
  type PhotoSlot,
  photoSourceFromRequest,
} from "../lib/treatment/photos.ts";
import { sendAcceptanceLink } from "../lib/treatment/remote-acceptance.ts";
import { planPatient } from "../lib/treatment/patients.ts";
import { patientPickerOptions, patientSearchTerm } from "../lib/patients/patient-picker.ts";
import { PlanListPage } from "../components/treatment/PlanListPage.tsx";
import { PatientPickPage } from "../components/treatment/PatientPickPage.tsx";
import { PlanEditorPage } from "../components/treatment/PlanEditorPage.tsx";
import { PlanDetailPage } from "../components/treatment/PlanDetailPage.tsx";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";
import { listChartEntries } from "../lib/clinical/chart.ts";
import { clinicChartPalette } from "../lib/clinical/chart-palette.ts";
import { localDateOf } from "../lib/time/zoned.ts";

const CURRENT = "/treatment-plans";
const MODULE = "treatment";
type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const page = (permission: string) => staffPage({ module: MODULE, permission });
export const actorOfPage = (c: PageContext) => ({
  clinicId: c.var.clinicId,
  actorId: c.var.principal.userId,
  mayApplyDiscounts: can(accessOfPage(c), "treatment.discounts.apply"),
});
const accessOfPage = (c: PageContext) => c.var.me.access as Access;
const timeZoneOf = (c: PageContext) => c.var.me.clinic?.timeZone ?? "Asia/Karachi";

export async function renderPlan(c: PageContext, planId: string, problem?: string) {
  const { db } = c.var.deps;
  const access = accessOfPage(c);
  const plan = await getPlan(db, c.var.clinicId, planId);
  const mayEdit = can(access, "treatment.plans.edit");
  const [badges, intraoral, visits, chart] = await Promise.all([
    plannedBadges(db, c.var.clinicId, plan.patient.id),
    can(access, "treatment.photos.manage")
      ? intraoralPhotos(db, c.var.clinicId, plan.patient.id)
      : [],
    mayEdit && can(access, "appointments.view")
      ? itemAppointments(db, c.var.clinicId, plan, new Date(), timeZoneOf(c))
      : null,
    can(access, "clinical.chart.view")
      ? Promise.all([
        listChartEntries(db, c.var.clinicId, plan.patient.id),
        clinicChartPalette(db, c.var.clinicId),
      ]).then(([entries, palette]) => ({ entries, palette }))
      : null,
  ]);
  return c.render(
    <PlanDetailPage
      plan={plan}
      can={{
        edit: can(access, "treatment.plans.edit"),
        approve: can(access, "treatment.plans.approve"),
        export: can(access, "treatment.plans.export"),
        photos: can(access, "treatment.photos.manage"),
      }}
      badges={badges}
      chart={chart}
      today={localDateOf(new Date(), timeZoneOf(c))}
      intraoral={intraoral}
      notice={c.req.query("notice")}
      problem={problem}
      timeZone={timeZoneOf(c)}
      userId={c.var.me.user.id}
      schedule={visits
        ? {
          planId: plan.id,
          patientId: plan.patient.id,
          appointments: visits,
          timeZone: timeZoneOf(c),
          canBook: can(access, "appointments.create"),
        }
        : undefined}
    />,
    { title: plan.title, current: CURRENT },
  );
}

async function renderEditor(
  c: PageContext,
  target: { patientId: string; planId?: string },
  posted?: { plan: string; problem: string },
) {
  const { db } = c.var.deps;
  const context = await editorContext(db, accessOfPage(c), target.patientId, new Date());
  const saved = target.planId ? documentOf(await getPlan(db, c.var.clinicId, target.planId)) : null;
  let initial = saved?.doc ?? blankDocument();
  if (posted) {
    const prices = new Map(context.services.map((s) => [s.id, s.priceMinor]));
    initial = editorDocumentFromPost(posted.plan, (id) => prices.get(id) ?? 0) ?? initial;
  }
  return c.render(
    <PlanEditorPage
      heading={target.planId ? "Edit treatment plan" : "New treatment plan"}
      editor={{
        ...context,
        action: target.planId
          ? `/treatment-plans/${target.planId}/edit`
          : `/treatment-plans/new?patientId=${target.patientId}`,
        initial,
        saved: saved?.saved ?? [],
        problem: posted?.problem ?? null,
        submitLabel: target.planId ? "Save as new revision" : "Save plan",
        cancelHref: target.planId ? `/treatment-plans/${target.planId}` : "/treatment-plans",
      }}
    />,
    { title: target.planId ? "Edit treatment plan" : "New treatment plan", current: CURRENT },
  );
}

const statusForm = z.object({ status: z.enum(PLAN_STATUSES, { message: "Pick a status" }) });
const acceptForm = z.object({
  optionId: z.string().default(""),
  signedName: z.string().trim().max(120).optional().transform((n) => n || null),
  signature: z.string().optional().transform((s) => s || null),
});

export const treatmentPlanRoutes = new Hono<AppEnv>()
  .get("/treatment-plans", staffPage(PAGE_ACCESS.treatmentPlans), async (c) => {
    const { db } = c.var.deps;
    const status = PLAN_STATUSES.find((s) => s === c.req.query("status"));
    const patientId = c.req.query("patientId");
    const patient = patientId ? await planPatient(db, c.var.clinicId, patientId) : null;
    const plans = await listPlans(db, c.var.clinicId, { status, patientId: patient?.id });
    return c.render(
      <PlanListPage
        plans={plans}
        status={status}
        patient={patient}
        canCreate={can(accessOfPage(c), "treatment.plans.create")}
        timeZone={timeZoneOf(c)}
      />,
      { title: "Treatment plans", current: CURRENT },
    );
  })
  .get("/treatment-plans/new", page("treatment.plans.create"), async (c) => {
    const patientId = c.req.query("patientId");
    if (patientId) return await renderEditor(c, { patientId });
    const query = patientSearchTerm(c.req.query("q"));
    const patients = await patientPickerOptions(
      c.var.deps.db,
      c.var.deps.config.encryptionKey,
      accessOfPage(c),
      { query },
    );
    return c.render(<PatientPickPage query={query} patients={patients.slice(0, 50)} />, {
      title: "New treatment plan",
      current: CURRENT,
    });
  })
  .post("/treatment-plans/new", page("treatment.plans.create"), (c) => {
    const patientId = c.req.query("patientId") ?? "";
    return submitForm(c, planEditorForm, {
      onValid: async ({ plan }) => {
        const created = await createPlan(
          c.var.deps.db,
          actorOfPage(c),
          newPlanFromForm(plan, patientId),
        );
        return c.redirect(`/treatment-plans/${created.id}?notice=created`, 303);
      },
      onProblem: (values, problem) =>
        renderEditor(c, { patientId }, { plan: values.plan ?? "", problem: problem.message }),
    });
  })
  .get(
    "/treatment-plans/:id",
    page("treatment.plans.view"),
    (c) => renderPlan(c, c.req.param("id")),
  )
  .get("/treatment-plans/:id/edit", page("treatment.plans.edit"), async (c) => {
    const plan = await getPlan(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return await renderEditor(c, { patientId: plan.patient.id, planId: plan.id });
  })
  .post("/treatment-plans/:id/edit", page("treatment.plans.edit"), async (c) => {
    const plan = await getPlan(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return await submitForm(c, planEditorForm, {
      onValid: async (input) => {
        await updatePlan(c.var.deps.db, actorOfPage(c), plan.id, planChangeFromForm(input.plan));
        return c.redirect(`/treatment-plans/${plan.id}?notice=saved`, 303);
      },
      onProblem: (values, problem) =>
        renderEditor(c, { patientId: plan.patient.id, planId: plan.id }, {
          plan: values.plan ?? "",
          problem: problem.message,
        }),
    });
  })
  .post(
    "/treatment-plans/:id/status",
    page("treatment.plans.edit"),
    (c) =>
      submitForm(c, statusForm, {
        onValid: async ({ status }) => {
          await updatePlan(c.var.deps.db, actorOfPage(c), c.req.param("id"), { status });
          return c.redirect(`/treatment-plans/${c.req.param("id")}?notice=status`, 303);
        },
        onProblem: (_values, problem) => renderPlan(c, c.req.param("id"), problem.message),
      }),
  )
  .post(
    "/treatment-plans/:id/accept",
    page("treatment.plans.approve"),
    (c) =>
      submitForm(c, acceptForm, {
        onValid: async (input) => {
          const { db, storage } = c.var.deps;
          await acceptPlan(db, storage, {
            clinicId: c.var.clinicId,
            planId: c.req.param("id"),
            optionId: input.optionId,
            via: "clinic",
            actorId: c.var.principal.userId,
            signedName: input.signedName,
            signaturePng: signatureFromDataUrl(input.signature),
          });
          return c.redirect(`/treatment-plans/${c.req.param("id")}?notice=accepted`, 303);
        },
        onProblem: (_values, problem) => renderPlan(c, c.req.param("id"), problem.message),
      }),
  )
  .post(
    "/treatment-plans/:id/send-link",
    page("treatment.plans.approve"),
    (c) =>
      submitForm(c, z.object({}), {
        onValid: async () => {
          const { db, config } = c.var.deps;
          await sendAcceptanceLink(db, {
            appUrl: config.appUrl,
            encryptionKey: config.encryptionKey,
            ttlHours: config.treatment.acceptanceLinkTtlHours,
          }, {
            clinicId: c.var.clinicId,
            actorId: c.var.principal.userId,
            planId: c.req.param("id"),
          });
          return c.redirect(`/treatment-plans/${c.req.param("id")}?notice=link`, 303);
        },
        onProblem: (_values, problem) => renderPlan(c, c.req.param("id"), problem.message),
      }),
  )
  .post("/treatment-plans/:id/photos/:slot", page("treatment.photos.manage"), async (c) => {
    const slot = PHOTO_SLOTS.find((s) => s === c.req.param("slot")) as PhotoSlot | undefined;
    if (!slot) throw notFound();
    const { db, storage } = c.var.deps;
    try {
      await attachPhoto(db, storage, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        planId: c.req.param("id"),
        slot,
        source: await photoSourceFromRequest(c.req.raw),
      });
    } catch (error) {
      if (!isFormUserError(error)) throw error;
      c.status(error.status);
      return await renderPlan(c, c.req.param("id"), error.message);
    }
    return c.redirect(`/treatment-plans/${c.req.param("id")}?notice=photo`, 303);
  });
