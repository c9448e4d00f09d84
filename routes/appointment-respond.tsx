/**
 * The patient's landing page behind the email link, for phones first and
 * with no JavaScript at all: no islands, no `<script>`.
 *
 * `GET /appointment/respond?token=…` only shows the appointment and one
 * button, because mail scanners and link previewers fetch every link; the
 * button is a plain form that POSTs the token to the same path, and that
 * POST (same origin, so the CSRF check passes) records the answer and
 * renders the outcome. The POST shares the API's per-IP rate limit.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { ComponentChildren } from "preact";
import { AnswerPage, AskPage, ProblemPage } from "../components/respond/RespondPages.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { AppError } from "../lib/errors.ts";
import { readFormValues } from "../lib/http/form.ts";
import { clientIp } from "../lib/http/client-ip.ts";
import {
  countResponseAttempt,
  previewAppointmentLink,
  respondToAppointment,
} from "../lib/appointments/patient-response.ts";
import { renderDocument } from "./_document.ts";
import { publicPage } from "./_page.tsx";

const PATH = "/appointment/respond";

function render(c: Context<AppEnv>, page: ComponentChildren, title: string, status = 200) {
  // A secret link: no caches, no search engines.
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
  return c.html(renderDocument(<>{page}</>, { title }), status as 200);
}

/** Expired, tampered or unknown links all read the same to the patient. */
function problem(c: Context<AppEnv>, error: unknown, token: string) {
  if (error instanceof AppError && error.status === 429) {
    for (const [header, value] of Object.entries(error.headers)) c.header(header, value);
    return render(
      c,
      <ProblemPage
        title="Please wait a moment"
        message="Too many attempts from your connection. Wait a minute, then try again."
      />,
      "Too many attempts",
      429,
    );
  }
  if (error instanceof AppError && error.status < 500) {
    return render(
      c,
      <ProblemPage
        title="This link has expired or is invalid"
        message="Please contact the clinic directly."
      />,
      "Link expired or invalid",
      error.status,
    );
  }
  console.error("appointment respond failed", error);
  return render(
    c,
    <ProblemPage
      title="Something went wrong"
      message="Your answer was not recorded. Please try again."
      retry={token ? { action: PATH, token } : undefined}
    />,
    "Something went wrong",
    500,
  );
}

export const appointmentRespondRoutes = new Hono<AppEnv>()
  .get(PATH, publicPage(), async (c) => {
    const { db, config } = c.var.deps;
    const token = c.req.query("token") ?? "";
    try {
      const answer = await previewAppointmentLink(db, {
        token,
        encryptionKey: config.encryptionKey,
      });
      if (answer.alreadyProcessed) {
        return render(c, <AnswerPage answer={answer} />, "Appointment");
      }
      return render(
        c,
        <AskPage answer={answer} token={token} action={PATH} />,
        answer.action === "confirm" ? "Confirm appointment" : "Cancel appointment",
      );
    } catch (error) {
      return problem(c, error, "");
    }
  })
  .post(PATH, publicPage(), async (c) => {
    const { config, kv } = c.var.deps;
    const { token = "" } = await readFormValues(c);
    try {
      await countResponseAttempt(kv, clientIp(c));
      const answer = await respondToAppointment(c.var.deps, {
        token,
        encryptionKey: config.encryptionKey,
      });
      return render(
        c,
        <AnswerPage answer={answer} />,
        answer.alreadyProcessed
          ? "Already recorded"
          : answer.status === "cancelled"
          ? "Appointment cancelled"
          : "Appointment confirmed",
      );
    } catch (error) {
      return problem(c, error, token);
    }
  });
