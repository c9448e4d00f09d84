/** The public sign-up page where a clinic applies; a superadmin decides at /admin/applications. */
import { Hono } from "hono";
import type { Context } from "hono";
import type { VNode } from "preact";
import { SignupPage, SignupSentPage } from "../components/onboarding/SignupPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { clientIp } from "../lib/http/client-ip.ts";
import { submitForm } from "../lib/http/form.ts";
import { applicationForm } from "../lib/onboarding/forms.ts";
import { submitApplication } from "../lib/onboarding/applications.ts";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";

function show(c: Context<AppEnv>, page: VNode, title: string) {
  c.header("Cache-Control", "no-store");
  // The status is the one `submitForm` set for a refused form (400, 429), or 200.
  return c.html(renderDocument(page, { title }));
}

export const signupRoutes = new Hono<AppEnv>()
  .get(
    "/signup",
    publicPage(),
    (c) => show(c, <SignupPage trialDays={c.var.deps.config.trialDays} />, "Apply for OdontoX"),
  )
  .post("/signup", publicPage(), (c) =>
    submitForm(c, applicationForm, {
      onValid: async (input) => {
        await submitApplication(c.var.deps, input, { ip: clientIp(c) });
        return show(c, <SignupSentPage email={input.email} />, "Application sent");
      },
      onProblem: (values, problem) => {
        if (problem.extra.retryAfterSeconds) {
          c.header("Retry-After", String(problem.extra.retryAfterSeconds));
        }
        return show(
          c,
          <SignupPage values={values} problem={problem} trialDays={c.var.deps.config.trialDays} />,
          "Apply for OdontoX",
        );
      },
    }));
