/**
 * The patient's page behind an emailed "Review and accept your treatment plan" link. GET only
 * shows the plan (mail scanners fetch links); accepting is a POST of the same token with the
 * patient's typed name, limited per IP. Expired, tampered and unknown links read the same.
 */
import { type Context, Hono } from "hono";
import type { ComponentChildren } from "preact";
import type { AppEnv } from "../lib/http/app-env.ts";
import { AppError } from "../lib/errors.ts";
import { readFormValues } from "../lib/http/form.ts";
import { clientIp } from "../lib/http/client-ip.ts";
import { PlanTokenError } from "../lib/treatment/acceptance-tokens.ts";
import {
  acceptByToken,
  countReviewAttempt,
  planForToken,
} from "../lib/treatment/remote-acceptance.ts";
import { clinicTimeZone } from "../lib/time/clinic-zone.ts";
import { ReviewPage, ReviewProblemPage } from "../components/treatment/ReviewPages.tsx";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";

function render(c: Context<AppEnv>, page: ComponentChildren, title: string, status = 200) {
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
  return c.html(renderDocument(<>{page}</>, { title }), status as 200);
}

function refused(c: Context<AppEnv>, error: unknown) {
  if (error instanceof AppError && error.status === 429) {
    return render(
      c,
      <ReviewProblemPage
        title="Please wait a moment"
        message="Too many attempts. Try again in a minute."
      />,
      "Too many attempts",
      429,
    );
  }
  if (error instanceof PlanTokenError || (error instanceof AppError && error.status === 404)) {
    return render(
      c,
      <ReviewProblemPage
        title="This link has expired or is invalid"
        message="Please contact the clinic for a new link."
      />,
      "Link expired or invalid",
      404,
    );
  }
  throw error;
}

async function show(c: Context<AppEnv>, token: string, problem?: string, status = 200) {
  const { db, config } = c.var.deps;
  const now = new Date();
  const found = await planForToken(db, config, token, now);
  return render(
    c,
    <ReviewPage
      plan={found.plan}
      clinicName={found.clinicName}
      token={token}
      current={found.current}
      problem={problem}
      now={now}
      timeZone={await clinicTimeZone(db, found.plan.clinicId)}
    />,
    `Your treatment plan · ${found.clinicName}`,
    status,
  );
}

export const treatmentPlanReviewRoutes = new Hono<AppEnv>()
  .get("/plan-review", publicPage(), async (c) => {
    try {
      return await show(c, c.req.query("token") ?? "");
    } catch (error) {
      return refused(c, error);
    }
  })
  .post("/plan-review", publicPage(), async (c) => {
    const { db, storage, config, kv } = c.var.deps;
    const values = await readFormValues(c);
    const token = values.token ?? "";
    try {
      await countReviewAttempt(kv, clientIp(c));
      await acceptByToken(db, storage, config, {
        token,
        optionId: values.optionId ?? "",
        typedName: values.typedName ?? "",
      });
      return await show(c, token);
    } catch (error) {
      if (
        error instanceof AppError && error.status >= 400 && error.status < 500 &&
        ![404, 429].includes(error.status)
      ) {
        try {
          return await show(c, token, error.message, error.status);
        } catch (inner) {
          return refused(c, inner);
        }
      }
      return refused(c, error);
    }
  });
