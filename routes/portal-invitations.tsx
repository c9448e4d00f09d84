/**
 * Staff side of the portal: from a patient's record, their portal access and
 * the form that emails them an invitation (or a new link).
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { PortalInvitePage } from "../components/portal/PortalInvitePage.tsx";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, type FormValues, submitForm } from "../lib/http/form.ts";
import { findPatientName } from "../lib/portal/patient-details.ts";
import { invitePatient, portalAccessState } from "../lib/portal/invitations.ts";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const inviteForm = z.object({ email: z.string().trim().max(320).default("") });

async function renderInvitePage(
  c: PageContext,
  state: { values?: FormValues; problem?: FormProblem; sent?: boolean } = {},
) {
  const { db } = c.var.deps;
  const patient = await findPatientName(db, c.var.clinicId, c.req.param("id") ?? "");
  const access = await portalAccessState(db, c.var.clinicId, patient.id);
  return c.render(
    <PortalInvitePage
      patient={patient}
      state={access}
      timeZone={c.var.me.clinic!.timeZone}
      now={new Date()}
      values={state.values}
      problem={state.problem}
      sentTo={state.sent ? access.open?.email : undefined}
    />,
    { title: `Patient portal · ${patient.fullName}`, current: "/patients" },
  );
}

export const portalInvitationRoutes = new Hono<AppEnv>()
  .get(
    "/patients/:id/portal-invite",
    staffPage({ permission: "patients.edit" }),
    (c) => renderInvitePage(c, { sent: c.req.query("sent") === "1" }),
  )
  .post(
    "/patients/:id/portal-invite",
    staffPage({ permission: "patients.edit" }),
    async (c) => {
      const { deps, me, clinicId } = c.var;
      // A patient of another clinic is a 404 before the form is read.
      const patient = await findPatientName(deps.db, clinicId, c.req.param("id"));
      return await submitForm(c, inviteForm, {
        onValid: async ({ email }) => {
          await invitePatient(deps.db, {
            clinicId,
            patientId: patient.id,
            email,
            actorId: me.user.id,
            appUrl: deps.config.appUrl,
          });
          return c.redirect(`/patients/${patient.id}/portal-invite?sent=1`, 303);
        },
        onProblem: (values, problem) => renderInvitePage(c, { values, problem }),
      });
    },
  );
