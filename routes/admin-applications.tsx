/** Superadmin → Applications: approve a clinic (it is created and its owner invited) or decline it. */
import { type Context, Hono } from "hono";
import {
  ApplicationsPage,
  type ApplicationsPageProps,
} from "../components/onboarding/ApplicationsPage.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import {
  applicationQueue,
  approveApplication,
  rejectApplication,
} from "../lib/onboarding/applications.ts";
import { approvalForm, rejectionForm } from "../lib/onboarding/forms.ts";
import { staffPage } from "./_page.tsx";

const PATH = "/admin/applications";
const superadmin = staffPage({ superadmin: true });

const NOTICES: Record<string, string> = {
  approved: "Clinic created on a trial; the owner has been emailed a link to set up the account.",
  rejected: "Application declined; the applicant has been emailed the reason.",
};

async function renderQueue(
  c: Context<AppEnv & StaffPageScope>,
  state: Pick<ApplicationsPageProps, "rejection" | "error"> = {},
) {
  const { db, config } = c.var.deps;
  const queue = await applicationQueue(db, config.encryptionKey);
  return c.render(
    <ApplicationsPage
      queue={queue}
      now={new Date()}
      notice={NOTICES[c.req.query("notice") ?? ""]}
      {...state}
    />,
    { title: "Applications", current: PATH },
  );
}

export const adminApplicationRoutes = new Hono<AppEnv>()
  .get(PATH, superadmin, (c) => renderQueue(c))
  .post(`${PATH}/:id/approve`, superadmin, (c) =>
    submitForm(c, approvalForm, {
      onValid: async () => {
        const { db, config } = c.var.deps;
        await approveApplication(db, {
          applicationId: c.req.param("id"),
          actorId: c.var.me.user.id,
          appUrl: config.appUrl,
          trialDays: config.trialDays,
        });
        return c.redirect(`${PATH}?notice=approved`, 303);
      },
      onProblem: (_values, problem) => renderQueue(c, { error: problem.message }),
    }))
  .post(`${PATH}/:id/reject`, superadmin, (c) => {
    const applicationId = c.req.param("id");
    return submitForm(c, rejectionForm, {
      onValid: async ({ reason }) => {
        await rejectApplication(c.var.deps.db, {
          applicationId,
          actorId: c.var.me.user.id,
          reason,
        });
        return c.redirect(`${PATH}?notice=rejected`, 303);
      },
      onProblem: (values, problem) =>
        renderQueue(c, {
          rejection: { applicationId, values, problem },
          error: problem.code === "ALREADY_DECIDED" ? problem.message : undefined,
        }),
    });
  });
