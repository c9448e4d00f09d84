/** Settings → Clinic contact: the phone, email and address patients see. */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { readClinicContact, saveClinicContact } from "../lib/portal/clinic-contact.ts";
import { clinicContactForm, clinicContactValues } from "../lib/portal/clinic-contact-form.ts";
import { ClinicContactPage } from "../components/settings/ClinicContactPage.tsx";
import { staffPage } from "./_page.tsx";

type SettingsContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const head = { title: "Clinic contact", current: "/settings" };

async function render(
  c: SettingsContext,
  posted?: { values: Record<string, string>; problem: FormProblem },
) {
  const contact = await readClinicContact(c.var.deps.db, c.var.clinicId);
  return c.render(
    <ClinicContactPage
      contact={contact}
      values={posted?.values ?? clinicContactValues(contact)}
      canEdit={can(c.var.me.access, "settings.clinic.edit")}
      saved={!posted && c.req.query("notice") === "saved"}
      problem={posted?.problem}
    />,
    head,
  );
}

export const settingsContactRoutes = new Hono<AppEnv>()
  .get("/settings/contact", staffPage(PAGE_ACCESS.clinicContact), (c) => render(c))
  .post(
    "/settings/contact",
    staffPage({ permission: "settings.clinic.edit" }),
    (c) =>
      submitForm(c, clinicContactForm, {
        onValid: async (contact) => {
          await saveClinicContact(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.me.user.id,
            contact,
          });
          return c.redirect("/settings/contact?notice=saved", 303);
        },
        onProblem: (values, problem) => render(c, { values, problem }),
      }),
  );
