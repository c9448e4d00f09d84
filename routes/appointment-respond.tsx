/**
 * The patient's landing page behind the email link (seed 003 §2.7), for
 * phones first and with no JavaScript at all: no islands, no `<script>`.
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
import type { AppEnv } from "../lib/http/app-env.ts";
import { AppError } from "../lib/errors.ts";
import { renderDocument } from "./_document.ts";
import {
  type AppointmentLinkPreview,
  countResponseAttempt,
  previewAppointmentLink,
  respondToAppointment,
} from "../lib/appointments/patient-response.ts";
import { STATUS_LABELS } from "../lib/appointments/statuses.ts";
import { clientIp } from "../lib/http/client-ip.ts";

const PATH = "/appointment/respond";

function Frame({ clinicName, children }: { clinicName?: string; children: ComponentChildren }) {
  return (
    <div class="min-h-screen flex flex-col items-center bg-slate-100 px-4 py-8 sm:py-16">
      <header class="mb-5 text-center">
        <p class="text-xl font-semibold text-brand-800" data-clinic-name>
          {clinicName ?? "Your appointment"}
        </p>
      </header>
      <main class="w-full max-w-md rounded-2xl bg-white p-6 sm:p-8 shadow-lg">{children}</main>
      <footer class="mt-6 text-center text-xs text-slate-600">
        {clinicName ? `Sent on behalf of ${clinicName} · ` : ""}OdontoX
      </footer>
    </div>
  );
}

type Mark = "calendar" | "check" | "cross" | "info" | "alert";
const MARKS: Record<Mark, { path: string; tone: string }> = {
  calendar: {
    path: "M5 6.5h14v13H5zM5 10.5h14M9 4v4M15 4v4",
    tone: "bg-brand-50 text-brand-700",
  },
  check: { path: "M5 12.5l4.5 4.5L19 7.5", tone: "bg-green-100 text-green-700" },
  cross: { path: "M7 7l10 10M17 7 7 17", tone: "bg-slate-100 text-slate-600" },
  info: { path: "M12 11v6M12 7.5v.01", tone: "bg-brand-50 text-brand-700" },
  alert: { path: "M12 7v6M12 16.5v.01", tone: "bg-amber-100 text-amber-700" },
};

function Heading({ mark, children }: { mark: Mark; children: ComponentChildren }) {
  return (
    <div class="text-center">
      <span class={`mx-auto grid h-14 w-14 place-items-center rounded-full ${MARKS[mark].tone}`}>
        <svg
          class="h-7 w-7"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          stroke-width="2.2"
          stroke-linecap="round"
          stroke-linejoin="round"
          aria-hidden="true"
        >
          <path d={MARKS[mark].path} />
        </svg>
      </span>
      <h1 class="mt-4 text-2xl font-semibold text-slate-900">{children}</h1>
    </div>
  );
}

function When({ answer }: { answer: AppointmentLinkPreview }) {
  return (
    <dl class="mt-6 rounded-xl bg-slate-50 px-4 py-3 text-sm">
      {[["Date", answer.appointmentDate], ["Time", answer.appointmentTime], [
        "Clinic",
        answer.clinicName,
      ]].map(([label, value]) => (
        <div key={label} class="flex gap-3 py-1.5">
          <dt class="w-14 shrink-0 text-slate-500">{label}</dt>
          <dd class="font-medium text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const Text = ({ children }: { children: ComponentChildren }) => (
  <p class="mt-3 text-center text-slate-600">{children}</p>
);

const BUTTON =
  "mt-6 block w-full rounded-xl px-4 py-3.5 text-base font-semibold text-white focus:outline-none focus:ring-4";

function AskPage({ answer, token }: { answer: AppointmentLinkPreview; token: string }) {
  const confirm = answer.action === "confirm";
  return (
    <Frame clinicName={answer.clinicName}>
      <Heading mark={confirm ? "calendar" : "alert"}>
        {confirm ? "Confirm your appointment" : "Cancel your appointment?"}
      </Heading>
      <Text>
        {answer.patientName ? `Dear ${answer.patientName}, ` : ""}
        {confirm
          ? "please confirm that you will come to this appointment."
          : "please confirm that you want to cancel this appointment."}
      </Text>
      <When answer={answer} />
      <form method="post" action={PATH}>
        <input type="hidden" name="token" value={token} />
        <button
          type="submit"
          class={`${BUTTON} ${
            confirm
              ? "bg-green-600 hover:bg-green-700 focus:ring-green-600/30"
              : "bg-red-600 hover:bg-red-700 focus:ring-red-600/30"
          }`}
        >
          {confirm ? "Confirm appointment" : "Cancel appointment"}
        </button>
      </form>
      <p class="mt-4 text-center text-xs text-slate-500">
        {confirm
          ? "Nothing changes until you press the button."
          : "Changed your mind? Close this page and your appointment stays booked."}
      </p>
    </Frame>
  );
}

function AnswerPage({ answer }: { answer: AppointmentLinkPreview }) {
  if (answer.alreadyProcessed) {
    return (
      <Frame clinicName={answer.clinicName}>
        <Heading mark="info">Your response was already recorded</Heading>
        <p class="mt-4 text-center">
          <span class="rounded-full bg-slate-100 px-3 py-1 text-sm font-medium text-slate-700">
            Status: <span data-status>{STATUS_LABELS[answer.status]}</span>
          </span>
        </p>
        <When answer={answer} />
        <Text>To change anything, please contact {answer.clinicName}.</Text>
      </Frame>
    );
  }
  if (answer.status === "cancelled") {
    return (
      <Frame clinicName={answer.clinicName}>
        <Heading mark="cross">Appointment Cancelled</Heading>
        <When answer={answer} />
        <Text>If you'd like to reschedule, please contact {answer.clinicName}.</Text>
      </Frame>
    );
  }
  return (
    <Frame clinicName={answer.clinicName}>
      <Heading mark="check">Appointment Confirmed</Heading>
      <Text>Thank you{answer.patientName ? `, ${answer.patientName}` : ""}.</Text>
      <When answer={answer} />
      <Text>We look forward to seeing you!</Text>
    </Frame>
  );
}

function ProblemPage(
  { title, message, retryToken }: { title: string; message: string; retryToken?: string },
) {
  return (
    <Frame>
      <Heading mark="alert">{title}</Heading>
      <Text>{message}</Text>
      {retryToken && (
        <form method="post" action={PATH}>
          <input type="hidden" name="token" value={retryToken} />
          <button type="submit" class={`${BUTTON} bg-brand-600 hover:bg-brand-700`}>
            Try again
          </button>
        </form>
      )}
    </Frame>
  );
}

function render(c: Context<AppEnv>, page: ComponentChildren, title: string, status = 200) {
  // A secret link: no caches, no search engines.
  c.header("Cache-Control", "no-store");
  c.header("X-Robots-Tag", "noindex");
  return c.html(renderDocument(<>{page}</>, { title }), status as 200);
}

/** Seed 003 §4: expired, tampered or unknown links all read the same to the patient. */
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
      retryToken={token}
    />,
    "Something went wrong",
    500,
  );
}

export const appointmentRespondRoutes = new Hono<AppEnv>()
  .get(PATH, async (c) => {
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
        <AskPage answer={answer} token={token} />,
        answer.action === "confirm" ? "Confirm appointment" : "Cancel appointment",
      );
    } catch (error) {
      return problem(c, error, "");
    }
  })
  .post(PATH, async (c) => {
    const { config } = c.var.deps;
    const form = await c.req.formData().catch(() => new FormData());
    const value = form.get("token");
    const token = typeof value === "string" ? value : "";
    try {
      await countResponseAttempt(c.var.deps.kv, clientIp(c));
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
