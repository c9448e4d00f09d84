/**
 * The patient's page behind "Review and accept your treatment plan": the plan as printed, and a
 * form to accept one option by typing their name. Plain HTML, no JavaScript.
 */
import { formatPkr } from "../../lib/treatment/money.ts";
import type { PlanDetail } from "../../lib/treatment/plans.ts";
import { PlanPrintPage } from "./PlanPrintPage.tsx";

export function ReviewPage(
  { plan, clinicName, token, current, problem, now, timeZone }: {
    plan: PlanDetail;
    clinicName: string;
    token: string;
    /** False when the plan changed after the link was sent. */
    current: boolean;
    problem?: string;
    now: Date;
    timeZone: string;
  },
) {
  const open = plan.options.filter((o) =>
    o.status !== "declined" && o.phases.some((p) => p.items.length)
  );
  const accepted = plan.acceptances.find((a) => a.revision === plan.revision);
  const preferred = open.find((o) => o.recommended) ?? open[0];
  return (
    <div class="min-h-screen bg-slate-100 py-6 sm:py-10">
      <div class="mx-auto max-w-3xl overflow-hidden rounded-2xl shadow-lg">
        <PlanPrintPage
          plan={plan}
          clinicName={clinicName}
          timeZone={timeZone}
          today={now}
          photos={false}
        >
          <section class="mt-8 rounded-xl bg-slate-50 p-5 ring-1 ring-slate-200" data-review-accept>
            {accepted
              ? (
                <p class="text-base font-semibold text-emerald-800">
                  Thank you — this plan is accepted.
                </p>
              )
              : !current
              ? (
                <p class="text-sm text-slate-700">
                  This plan has changed since the link was sent. Please contact the clinic for the
                  new version.
                </p>
              )
              : (
                <form method="post" action="/plan-review" class="space-y-4">
                  <input type="hidden" name="token" value={token} />
                  <h2 class="text-lg font-semibold">Accept your treatment plan</h2>
                  {problem && <p role="alert" class="text-sm text-red-700">{problem}</p>}
                  {open.length > 1
                    ? (
                      <fieldset class="space-y-2 text-sm">
                        <legend class="mb-1 font-medium">Which option do you choose?</legend>
                        {open.map((o) => (
                          <label key={o.id} class="flex items-center gap-2">
                            <input
                              type="radio"
                              name="optionId"
                              value={o.id}
                              checked={o.id === preferred?.id}
                            />
                            {o.name} · {formatPkr(o.totalMinor)}
                            {o.recommended ? " (recommended)" : ""}
                          </label>
                        ))}
                      </fieldset>
                    )
                    : <input type="hidden" name="optionId" value={preferred?.id ?? ""} />}
                  <label class="block text-sm font-medium">
                    Type your full name to accept
                    <input
                      name="typedName"
                      required
                      minLength={2}
                      maxLength={120}
                      autocomplete="name"
                      class="mt-1.5 block w-full rounded-lg border border-slate-300 px-3 py-2 text-base"
                    />
                  </label>
                  <button
                    type="submit"
                    class="w-full rounded-lg bg-brand-600 px-4 py-3 text-base font-semibold text-white"
                  >
                    I accept this treatment plan
                  </button>
                </form>
              )}
          </section>
        </PlanPrintPage>
      </div>
    </div>
  );
}

export function ReviewProblemPage({ title, message }: { title: string; message: string }) {
  return (
    <div class="flex min-h-screen items-start justify-center bg-slate-100 px-4 py-16">
      <main class="w-full max-w-md rounded-2xl bg-white p-8 text-center shadow-lg">
        <h1 class="text-xl font-semibold text-slate-900">{title}</h1>
        <p class="mt-2 text-sm text-slate-600">{message}</p>
      </main>
    </div>
  );
}
