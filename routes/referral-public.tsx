/**
 * The public page behind a clinic's referral link (`/refer/:code`): no session. A prospective
 * clinic leaves its details; each submission counts against the client's address in the KV rate
 * limiter (10 a minute), before anything else is read, so floods are cheap to refuse.
 */
import { type Context, Hono } from "hono";
import type { ComponentChildren } from "preact";
import type { AppEnv } from "../lib/http/app-env.ts";
import { AppError } from "../lib/errors.ts";
import { formProblem, isFormUserError, parseFormValues, readFormValues } from "../lib/http/form.ts";
import { clientIp } from "../lib/http/client-ip.ts";
import { phoneFromForm } from "../lib/phones.ts";
import { listSubscriptionPlans } from "../lib/subscriptions/plans.ts";
import {
  countReferralSubmission,
  referralForm,
  type Referrer,
  referrerOf,
  submitReferral,
} from "../lib/subscriptions/referrals.ts";
import { ReferralFormPage, ReferralMessagePage } from "../components/plans/ReferralPublicPage.tsx";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";

function render(c: Context<AppEnv>, page: ComponentChildren, title: string, status = 200) {
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
  return c.html(renderDocument(<>{page}</>, { title }), status as 200);
}

/** Unknown links and floods get a page a visitor understands, with the right status. */
function refused(c: Context<AppEnv>, error: unknown) {
  if (error instanceof AppError && error.status === 429) {
    c.header("Retry-After", error.headers["Retry-After"] ?? "60");
    return render(
      c,
      <ReferralMessagePage
        title="Please wait a moment"
        message="Too many submissions from your connection. Try again in a minute."
      />,
      "Too many attempts",
      429,
    );
  }
  if (error instanceof AppError && error.status === 404) {
    return render(
      c,
      <ReferralMessagePage
        title="This referral link is not valid"
        message="Check the link you were sent, or ask the clinic that shared it for a new one."
      />,
      "Referral link not valid",
      404,
    );
  }
  throw error;
}

async function showForm(
  c: Context<AppEnv>,
  referrer: Referrer,
  submitted?: Parameters<typeof ReferralFormPage>[0]["submitted"],
) {
  const plans = await listSubscriptionPlans(c.var.deps.db);
  return render(
    c,
    <ReferralFormPage
      code={referrer.code}
      referrerName={referrer.clinicName}
      plans={plans}
      submitted={submitted}
    />,
    `Invited by ${referrer.clinicName}`,
    submitted?.problem.status ?? 200,
  );
}

export const referralPublicRoutes = new Hono<AppEnv>()
  .get("/refer/:code", publicPage(), async (c) => {
    try {
      const referrer = await referrerOf(c.var.deps.db, c.req.param("code"));
      if (c.req.query("sent") !== undefined) {
        return render(
          c,
          <ReferralMessagePage
            tone="success"
            title="Thank you, your details are on their way"
            message={`The OdontoX team will contact you shortly. ${referrer.clinicName} will be glad you came.`}
          />,
          "Details sent",
        );
      }
      return await showForm(c, referrer);
    } catch (error) {
      return refused(c, error);
    }
  })
  .post("/refer/:code", publicPage(), async (c) => {
    const { db, kv, config } = c.var.deps;
    let referrer: Referrer;
    try {
      await countReferralSubmission(kv, clientIp(c));
      referrer = await referrerOf(db, c.req.param("code"));
    } catch (error) {
      return refused(c, error);
    }
    const values = await readFormValues(c);
    try {
      const input = parseFormValues(referralForm, {
        ...values,
        phone: phoneFromForm(values, "phone") ?? "",
      });
      await submitReferral(db, config.encryptionKey, referrer, input);
      return c.redirect(`/refer/${referrer.code}?sent`, 303);
    } catch (error) {
      if (!isFormUserError(error)) throw error;
      return await showForm(c, referrer, { values, problem: formProblem(error) });
    }
  });
