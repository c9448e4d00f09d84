/**
 * A clinic's Referrals page: its referral link, the reward calculator (figures computed here
 * from the live plan prices and commission, and again in the browser as numbers are typed),
 * and the clinics it has referred.
 */
import { Hono } from "hono";
import { ReferralsPage } from "../components/plans/ReferralsPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { commissionBps, listSubscriptionPlans } from "../lib/subscriptions/plans.ts";
import { listClinicReferrals, referralCodeOf } from "../lib/subscriptions/referrals.ts";
import { calculatorQuery } from "../lib/subscriptions/calculator.ts";
import { staffPage } from "./_page.tsx";

export const referralRoutes = new Hono<AppEnv>()
  .get("/referrals", staffPage(PAGE_ACCESS.referrals), async (c) => {
    const { db, config } = c.var.deps;
    const [code, referrals, plans, bps] = await Promise.all([
      referralCodeOf(db, c.var.clinicId),
      listClinicReferrals(db, c.var.clinicId),
      listSubscriptionPlans(db),
      commissionBps(db),
    ]);
    // A free plan earns nothing; the calculator asks only about the paid ones.
    const paid = plans.filter((plan) => plan.priceMinor > 0 || plan.annualPriceMinor > 0)
      .map(({ id, name, priceMinor, annualPriceMinor }) => ({
        id,
        name,
        priceMinor,
        annualPriceMinor,
      }));
    return c.render(
      <ReferralsPage
        link={`${config.appUrl}/refer/${code}`}
        code={code}
        referrals={referrals}
        calculator={{ plans: paid, commissionBps: bps, ...calculatorQuery(c.req.query(), paid) }}
        timeZone={c.var.me.clinic!.timeZone}
      />,
      { title: "Referrals" },
    );
  });
