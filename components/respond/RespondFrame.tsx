/**
 * The frame of the patient's respond page: the clinic's name, one white
 * card, phone first. Everything here is plain HTML, no islands: the page
 * ships no JavaScript.
 */
import type { ComponentChildren } from "preact";
import { Icon, type IconName } from "../Icon.tsx";
import type { AppointmentLinkPreview } from "../../lib/appointments/patient-response.ts";

export function RespondFrame(
  { clinicName, children }: { clinicName?: string; children: ComponentChildren },
) {
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

export type Mark = "calendar" | "check" | "cross" | "info" | "alert";
const MARKS: Record<Mark, { icon: IconName; tone: string }> = {
  calendar: { icon: "calendar", tone: "bg-brand-50 text-brand-700" },
  check: { icon: "check", tone: "bg-green-100 text-green-700" },
  cross: { icon: "cross", tone: "bg-slate-100 text-slate-600" },
  info: { icon: "info", tone: "bg-brand-50 text-brand-700" },
  alert: { icon: "exclamation", tone: "bg-amber-100 text-amber-700" },
};

export function Heading({ mark, children }: { mark: Mark; children: ComponentChildren }) {
  return (
    <div class="text-center">
      <span class={`mx-auto grid h-14 w-14 place-items-center rounded-full ${MARKS[mark].tone}`}>
        <Icon name={MARKS[mark].icon} class="h-7 w-7" />
      </span>
      <h1 class="mt-4 text-2xl font-semibold text-slate-900">{children}</h1>
    </div>
  );
}

export function When({ answer }: { answer: AppointmentLinkPreview }) {
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

export const Text = ({ children }: { children: ComponentChildren }) => (
  <p class="mt-3 text-center text-slate-600">{children}</p>
);

const TONES = {
  confirm: "bg-green-700 hover:bg-green-800 focus:ring-green-700/30",
  cancel: "bg-red-600 hover:bg-red-700 focus:ring-red-600/30",
  retry: "bg-brand-600 hover:bg-brand-700",
} as const;

/**
 * The page's one button: a form that POSTs the link's token back. Full width
 * and tall, for a thumb on a phone, which is why it is not the staff pages'
 * `Button`.
 */
export function TokenButton(
  { action, token, tone, children }: {
    action: string;
    token: string;
    tone: keyof typeof TONES;
    children: ComponentChildren;
  },
) {
  return (
    <form method="post" action={action}>
      <input type="hidden" name="token" value={token} />
      <button
        type="submit"
        class={`mt-6 block w-full rounded-xl px-4 py-3.5 text-base font-semibold text-white focus:outline-none focus:ring-4 ${
          TONES[tone]
        }`}
      >
        {children}
      </button>
    </form>
  );
}
