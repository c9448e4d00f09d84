/**
 * The appointment detail page and its status buttons, plain forms that
 * check the same permissions and call the same lib function as
 * POST /api/v1/appointments/:id/status.
 */
import { type Context, Hono } from "hono";
import {
  AppointmentDetailPage,
  appointmentTitle,
} from "../components/appointments/AppointmentDetailPage.tsx";
import { loadAppointmentRadiology } from "../lib/radiology/appointment-xrays.ts";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import { appointmentDetail } from "../lib/appointments/detail.ts";
import { setAppointmentStatus } from "../lib/appointments/status-changes.ts";
import { assertMayMoveTo, statusMoveForm } from "../lib/appointments/status-moves.ts";
import { REOPEN_PERMISSION } from "../lib/appointments/statuses.ts";
import { notePermissions } from "../lib/clinical/permissions.ts";
import { listAppointmentLabCases } from "../lib/lab/case-queries.ts";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

async function renderDetail(c: PageContext, appointmentId: string, error?: string) {
  const { deps, me } = c.var;
  // A permission guard passed, so the member has a clinic and its access.
  const access = me.access!;
  const timeZone = me.clinic!.timeZone;
  const detail = await appointmentDetail(deps.db, {
    access,
    appointmentId,
    timeZone,
    now: new Date(),
  });
  const xrays = can(access, "radiology.view")
    ? await loadAppointmentRadiology(deps.db, c.var.clinicId, detail.appointment.id)
    : null;
  const labCases = can(access, "lab.cases.view")
    ? {
      cases: await listAppointmentLabCases(deps.db, c.var.clinicId, detail.appointment.id),
      mayCreate: can(access, "lab.cases.create"),
    }
    : null;
  return c.render(
    <AppointmentDetailPage
      detail={detail}
      xrays={xrays}
      labCases={labCases}
      timeZone={timeZone}
      notePermissions={notePermissions(access, me.user.id)}
      notice={c.req.query("notice")}
      clinicalNotice={c.req.query("clinical")}
      error={error}
    />,
    { title: appointmentTitle(detail.appointment, timeZone), current: "/calendar" },
  );
}

export const appointmentRoutes = new Hono<AppEnv>()
  .get(
    "/appointments/:id",
    staffPage({ permission: "appointments.view" }),
    (c) => renderDetail(c, c.req.param("id")),
  )
  .post(
    "/appointments/:id/status",
    staffPage({ permission: "appointments.status.update" }),
    (c) => {
      const id = c.req.param("id");
      return submitForm(c, statusMoveForm, {
        onValid: async ({ status, reopen }) => {
          assertMayMoveTo(c.var.me.access!, status);
          await setAppointmentStatus(c.var.deps, {
            clinicId: c.var.clinicId,
            appointmentId: id,
            status,
            actorId: c.var.me.user.id,
            mayReopen: can(c.var.me.access, REOPEN_PERMISSION),
          });
          return c.redirect(`/appointments/${id}?notice=${reopen ? "reopened" : status}`, 303);
        },
        // A move no longer allowed (or not yet) is explained on the page itself.
        onProblem: (_values, problem) => renderDetail(c, id, problem.message),
      });
    },
  );
