/**
 * The landing page after sign-in: a clinic member's day ("Today", panels by
 * role and permission); a superadmin goes on to the platform overview. Two one-click desk
 * actions post here from the unconfirmed visits and come back with a notice:
 * mark an appointment confirmed, and email its reminder now.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { TodayDashboard, type TodayNotice } from "../components/dashboard/TodayDashboard.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { liveEventTypes } from "../lib/dashboard/panels.ts";
import { appointmentPatientName, todayBoard } from "../lib/dashboard/today.ts";
import { setAppointmentStatus } from "../lib/appointments/status-changes.ts";
import { permissionForStatus } from "../lib/appointments/statuses.ts";
import {
  REMINDER_RESEND_MINUTES,
  SEND_REMINDER_PERMISSION,
  sendReminderNow,
} from "../lib/appointments/reminders.ts";
import { actionItems, mayViewActionItems } from "../lib/action-items/items.ts";
import { ActionItemsCard } from "../components/action-items/ActionItemsCard.tsx";
import { staffPage } from "./_page.tsx";
import { onboardingTrail } from "../lib/onboarding/milestones.ts";
import { OnboardingTrail } from "../components/onboarding/OnboardingTrail.tsx";

const HEAD = { title: "Dashboard", current: "/dashboard" };

/** The desk actions carry no fields: the appointment is in the path. */
const deskAction = z.object({});

const NOTICES: Record<string, (name: string) => TodayNotice> = {
  confirmed: (name) => ({ tone: "success", text: `${name}'s appointment is confirmed.` }),
  "reminder-sent": (name) => ({ tone: "success", text: `Reminder emailed to ${name}.` }),
  "reminder-recent": (name) => ({
    tone: "info",
    text: `A reminder already went to ${name} in the last ${REMINDER_RESEND_MINUTES} minutes; ` +
      "it was not sent again.",
  }),
};

async function renderToday<E extends AppEnv & StaffPageScope>(
  c: Context<E>,
  notice?: TodayNotice,
) {
  const { deps, me } = c.var;
  const access = me.access!;
  const code = c.req.query("notice");
  const noticeName = !notice && code && NOTICES[code]
    ? appointmentPatientName(deps.db, access.clinicId, c.req.query("appointment") ?? "")
    : null;
  const now = new Date();
  const timeZone = me.clinic!.timeZone;
  // The checklist is the owner's and admins' to work through; a finished clinic costs no query.
  const onboarding = me.role === "owner" || me.role === "admin"
    ? onboardingTrail(deps.db, { id: access.clinicId, ...me.clinic!.state }, now)
    : null;
  const [board, name, milestones, items] = await Promise.all([
    todayBoard(deps.db, { clinicId: access.clinicId, timeZone, userId: me.user.id, access, now }),
    noticeName,
    onboarding,
    mayViewActionItems(access)
      ? actionItems(deps.db, { clinicId: access.clinicId, access, timeZone, now })
      : null,
  ]);
  return c.render(
    <TodayDashboard
      me={me}
      board={board}
      live={liveEventTypes(board.panels, access)}
      onboarding={milestones && <OnboardingTrail milestones={milestones} />}
      actionItems={items && <ActionItemsCard items={items} />}
      notice={notice ?? (code && NOTICES[code] ? NOTICES[code](name ?? "The patient") : undefined)}
    />,
    HEAD,
  );
}

const backToToday = (c: Context, notice: string, appointmentId: string) =>
  c.redirect(`/dashboard?notice=${notice}&appointment=${encodeURIComponent(appointmentId)}`, 303);

export const dashboardRoutes = new Hono<AppEnv>()
  .get("/dashboard", staffPage(), async (c) => {
    const { me } = c.var;
    if (me.clinic && me.access) return await renderToday(c);
    // Platform staff have no clinic day: their landing page is the platform overview.
    return c.redirect("/admin", 303);
  })
  .post(
    "/dashboard/appointments/:id/confirm",
    staffPage({ permission: permissionForStatus("confirmed") }),
    (c) =>
      submitForm(c, deskAction, {
        onValid: async () => {
          const id = c.req.param("id");
          await setAppointmentStatus(c.var.deps, {
            clinicId: c.var.clinicId,
            appointmentId: id,
            status: "confirmed",
            actorId: c.var.me.user.id,
          });
          return backToToday(c, "confirmed", id);
        },
        onProblem: (_values, problem) => renderToday(c, { tone: "error", text: problem.message }),
      }),
  )
  .post(
    "/dashboard/appointments/:id/reminder",
    staffPage({ permission: SEND_REMINDER_PERMISSION }),
    (c) =>
      submitForm(c, deskAction, {
        onValid: async () => {
          const id = c.req.param("id");
          const sent = await sendReminderNow(c.var.deps, {
            clinicId: c.var.clinicId,
            appointmentId: id,
            now: new Date(),
          });
          return backToToday(
            c,
            sent.outcome === "queued" ? "reminder-sent" : "reminder-recent",
            id,
          );
        },
        onProblem: (_values, problem) => renderToday(c, { tone: "error", text: problem.message }),
      }),
  );
