/**
 * Radiology → Unassigned captures: captures no rule could place, each with
 * one-click assignment to a likely patient or a patient search.
 */
import { type Context, Hono } from "hono";
import { CaptureInbox } from "../components/radiology/CaptureInbox.tsx";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import { BRIDGE_MODULE } from "../lib/bridge/devices.ts";
import { updateCapture } from "../lib/captures/inbox.ts";
import { captureInboxPage } from "../lib/radiology/inbox-page.ts";
import { assignCaptureForm } from "../lib/radiology/forms.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";

const PATH = "/radiology/inbox";
const inboxPage = (permission: string) => staffPage({ module: BRIDGE_MODULE, permission });

async function render(c: Context<AppEnv & StaffPageScope & ClinicScope>, problem?: string) {
  const { deps, me } = c.var;
  const access = me.access as Access;
  const inbox = await captureInboxPage(deps.db, deps.config.encryptionKey, access, {
    captureId: c.req.query("capture"),
    query: c.req.query("q"),
  });
  return c.render(
    <CaptureInbox
      inbox={inbox}
      timeZone={me.clinic?.timeZone ?? "Asia/Karachi"}
      mayAssign={can(access, "radiology.inbox.assign")}
      assigned={c.req.query("notice") === "assigned"}
      problem={problem}
    />,
    { title: "Unassigned captures" },
  );
}

export const radiologyInboxRoutes = new Hono<AppEnv>()
  .get(PATH, staffPage(PAGE_ACCESS.radiologyInbox), (c) => render(c))
  .post(
    `${PATH}/:id/assign`,
    inboxPage("radiology.inbox.assign"),
    (c) =>
      submitForm(c, assignCaptureForm, {
        onValid: async ({ patientId }) => {
          await updateCapture(c.var.deps.db, {
            clinicId: c.var.clinicId,
            captureId: c.req.param("id"),
            changes: { patientId },
            access: c.var.me.access as Access,
            actorId: c.var.principal.userId,
          });
          return c.redirect(`${PATH}?notice=assigned`, 303);
        },
        onProblem: (_values, problem) => render(c, problem.message),
      }),
  );
