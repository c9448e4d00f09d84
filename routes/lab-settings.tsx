/** Settings → Lab: adding and editing the clinic's labs (the list sits on the section page). */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, type FormValues, submitForm } from "../lib/http/form.ts";
import { getLab, saveLab } from "../lib/lab/labs.ts";
import { labForm, labFormValues } from "../lib/lab/lab-form.ts";
import { LabFormPage } from "../components/lab/LabFormPage.tsx";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;
const guard = staffPage({ module: "lab", permission: "lab.labs.manage" });

function renderForm(
  c: PageContext,
  labId: string | null,
  values: FormValues,
  problem?: FormProblem,
) {
  return c.render(<LabFormPage labId={labId} values={values} problem={problem} />, {
    title: labId ? "Edit lab" : "Add a lab",
    current: "/settings",
  });
}

function submit(c: PageContext, labId: string | null) {
  return submitForm(c, labForm, {
    onValid: async (values) => {
      await saveLab(c.var.deps.db, c.var.deps.config.encryptionKey, {
        clinicId: c.var.clinicId,
        labId: labId ?? undefined,
        values,
        actorId: c.var.me.user.id,
      });
      return c.redirect("/settings/lab?notice=saved", 303);
    },
    onProblem: (values, problem) => renderForm(c, labId, values, problem),
  });
}

export const labSettingsRoutes = new Hono<AppEnv>()
  .get(
    "/settings/lab/labs/new",
    guard,
    (c) => renderForm(c, null, { defaultTurnaroundDays: "7", active: "on" }),
  )
  .post("/settings/lab/labs/new", guard, (c) => submit(c, null))
  .get("/settings/lab/labs/:id", guard, async (c) => {
    const { db, config } = c.var.deps;
    const lab = await getLab(db, config.encryptionKey, c.var.clinicId, c.req.param("id"));
    return renderForm(c, lab.id, labFormValues(lab));
  })
  .post("/settings/lab/labs/:id", guard, async (c) => {
    const { db, config } = c.var.deps;
    const lab = await getLab(db, config.encryptionKey, c.var.clinicId, c.req.param("id"));
    return submit(c, lab.id);
  });
