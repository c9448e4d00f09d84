/**
 * Superadmin → Plans & referrals: plan prices and features, the referral commission, and every
 * referral with its follow-up status. Each post calls the same lib function as the API.
 */
import { type Context, Hono } from "hono";
import { type AdminPlansForm, AdminPlansPage } from "../components/plans/AdminPlansPage.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import {
  commissionBps,
  commissionForm,
  listSubscriptionPlans,
  planPricesForm,
  setCommissionBps,
  updatePlanPrices,
} from "../lib/subscriptions/plans.ts";
import {
  listAllReferrals,
  referralStatusForm,
  setReferralStatus,
} from "../lib/subscriptions/referrals.ts";
import { staffPage } from "./_page.tsx";

const PATH = "/admin/plans";
const superadmin = staffPage({ superadmin: true });

async function renderPlans(c: Context<AppEnv & StaffPageScope>, form?: AdminPlansForm) {
  const { db, config } = c.var.deps;
  const [plans, bps, referrals] = await Promise.all([
    listSubscriptionPlans(db),
    commissionBps(db),
    listAllReferrals(db, config.encryptionKey),
  ]);
  return c.render(
    <AdminPlansPage
      plans={plans}
      commissionBps={bps}
      referrals={referrals}
      notice={c.req.query("notice")}
      form={form}
    />,
    { title: "Plans & referrals", current: PATH },
  );
}

export const adminPlanRoutes = new Hono<AppEnv>()
  .get(PATH, superadmin, (c) => renderPlans(c))
  // Before `/:planId`, which would otherwise claim it.
  .post(`${PATH}/commission`, superadmin, (c) =>
    submitForm(c, commissionForm, {
      onValid: async ({ commissionPercent }) => {
        await setCommissionBps(c.var.deps.db, commissionPercent, c.var.principal.userId);
        return c.redirect(`${PATH}?notice=commission`, 303);
      },
      onProblem: (values, problem) => renderPlans(c, { target: "commission", values, problem }),
    }))
  .post(`${PATH}/:planId`, superadmin, (c) => {
    const planId = c.req.param("planId");
    return submitForm(c, planPricesForm, {
      onValid: async (input) => {
        await updatePlanPrices(c.var.deps.db, planId, input, c.var.principal.userId);
        return c.redirect(`${PATH}?notice=plan`, 303);
      },
      onProblem: (values, problem) => renderPlans(c, { target: planId, values, problem }),
    });
  })
  .post("/admin/referrals/:id/status", superadmin, (c) =>
    submitForm(c, referralStatusForm, {
      onValid: async ({ status }) => {
        await setReferralStatus(c.var.deps.db, {
          id: c.req.param("id"),
          status,
          actorId: c.var.principal.userId,
        });
        return c.redirect(`${PATH}?notice=referral#referrals`, 303);
      },
      onProblem: (_values, problem) => renderPlans(c, { target: "referral", values: {}, problem }),
    }));
