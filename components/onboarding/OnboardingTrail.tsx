/**
 * "Get your clinic ready": the checklist on a new clinic's dashboard. Each
 * step links to the page where it is done and ticks itself once the data
 * exists; the whole card goes away for good when every step is done.
 */
import type { Milestone, MilestoneKey } from "../../lib/onboarding/milestones.ts";
import { Icon } from "../Icon.tsx";

const STEPS: Record<MilestoneKey, { title: string; text: string; href: string; action: string }> = {
  logo: {
    title: "Upload your logo",
    text:
      "It appears in the menu, on emails to patients and on printed plans, invoices and receipts.",
    href: "/settings/logo",
    action: "Upload logo",
  },
  team: {
    title: "Invite your team",
    text: "Doctors, nurses and the front desk each get their own sign-in.",
    href: "/staff",
    action: "Invite staff",
  },
  workingHours: {
    title: "Set working hours",
    text: "The calendar and booking use them to show when you are open.",
    href: "/settings/working-hours",
    action: "Set hours",
  },
  patient: {
    title: "Add your first patient",
    text: "Register a patient with their contact details and medical alerts.",
    href: "/patients/new",
    action: "Add patient",
  },
  appointment: {
    title: "Book the first appointment",
    text: "Pick a patient, a doctor and a time on the calendar.",
    href: "/appointments/new",
    action: "Book appointment",
  },
};

export function OnboardingTrail({ milestones }: { milestones: Milestone[] }) {
  const done = milestones.filter((m) => m.done).length;
  return (
    <section
      aria-labelledby="onboarding-title"
      data-onboarding-trail
      class="mb-6 rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
    >
      <header class="flex flex-col gap-3 border-b border-slate-100 px-5 py-4 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 id="onboarding-title" class="text-base font-semibold text-slate-900">
            Get your clinic ready
          </h2>
          <p class="text-sm text-slate-500">
            {done} of {milestones.length} steps done. This list goes away once all are complete.
          </p>
        </div>
        <div
          class="h-2 w-full overflow-hidden rounded-full bg-slate-100 sm:w-40"
          role="progressbar"
          aria-label="Onboarding progress"
          aria-valuemin={0}
          aria-valuemax={milestones.length}
          aria-valuenow={done}
        >
          <div
            class="h-full rounded-full bg-brand-500"
            style={{ width: `${Math.round((done / milestones.length) * 100)}%` }}
          />
        </div>
      </header>
      <ol class="divide-y divide-slate-100">
        {milestones.map((milestone) => {
          const step = STEPS[milestone.key];
          return (
            <li
              key={milestone.key}
              data-milestone={milestone.key}
              data-done={milestone.done ? "true" : "false"}
              class="flex items-center gap-4 px-5 py-3.5"
            >
              <span
                class={`grid h-7 w-7 shrink-0 place-items-center rounded-full ${
                  milestone.done
                    ? "bg-brand-600 text-white"
                    : "bg-white text-slate-300 ring-2 ring-inset ring-slate-200"
                }`}
              >
                {milestone.done && <Icon name="check" class="h-4 w-4" />}
              </span>
              <div class="min-w-0 flex-1">
                <p
                  class={`text-sm font-medium ${
                    milestone.done ? "text-slate-500 line-through" : "text-slate-900"
                  }`}
                >
                  {step.title}
                  <span class="sr-only">{milestone.done ? " (done)" : " (to do)"}</span>
                </p>
                {!milestone.done && <p class="text-sm text-slate-500">{step.text}</p>}
              </div>
              {!milestone.done && (
                <a
                  href={step.href}
                  class="shrink-0 rounded-lg px-3 py-1.5 text-sm font-semibold text-brand-700 ring-1 ring-inset ring-brand-200 hover:bg-brand-50"
                >
                  {step.action}
                </a>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
