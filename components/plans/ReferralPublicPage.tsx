/**
 * The public page behind a clinic's referral link: who invited the visitor, the plans with their
 * PKR prices, and a short form for the prospective clinic's details. No session, and no
 * JavaScript needed (the phone field's country picker is an island that posts without it).
 */
import type { ComponentChildren } from "preact";
import PhoneInput, { type PickerCountry } from "../../islands/PhoneInput.tsx";
import type { SubscriptionPlan } from "../../lib/subscriptions/plans.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { DEFAULT_PHONE_COUNTRY, phoneCountries } from "../../lib/phones.ts";
import { Button, Field, Input } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { planPriceText } from "./plan-price.ts";

let pickerCountries: PickerCountry[] | undefined;
function countriesForPicker(): PickerCountry[] {
  return pickerCountries ??= phoneCountries().map((c) => [c.code, c.dialCode, c.name]);
}

function Frame({ children }: { children: ComponentChildren }) {
  return (
    <div class="min-h-screen bg-gradient-to-br from-brand-950 via-slate-900 to-slate-900">
      <header class="flex justify-center px-6 pt-8 sm:pt-12">
        <span class="flex items-center gap-2.5 text-white">
          <span class="grid h-10 w-10 place-items-center rounded-xl bg-brand-500 shadow-lg shadow-brand-900/40">
            <Icon name="tooth" class="h-6 w-6" />
          </span>
          <span class="text-2xl font-semibold tracking-tight">
            Odonto<span class="text-brand-300">X</span>
          </span>
        </span>
      </header>
      <main class="mx-auto w-full max-w-5xl px-4 py-8 sm:py-12">{children}</main>
      <footer class="pb-6 text-center text-xs text-slate-400">
        OdontoX · Cloud software for dental clinics
      </footer>
    </div>
  );
}

function PlanCards({ plans }: { plans: SubscriptionPlan[] }) {
  return (
    <ul class="grid grid-cols-1 gap-3 sm:grid-cols-3 lg:grid-cols-1">
      {plans.map((plan) => (
        <li
          key={plan.id}
          class="rounded-xl bg-white/5 p-4 ring-1 ring-white/10"
          data-plan={plan.id}
        >
          <p class="text-sm font-semibold text-white">{plan.name}</p>
          <p class="mt-1 text-lg font-semibold tracking-tight text-brand-200">
            {planPriceText(plan, "monthly")}
          </p>
          {plan.annualPriceMinor > 0 && (
            <p class="text-xs text-slate-300">or {planPriceText(plan, "annual")}</p>
          )}
          <ul class="mt-2 space-y-1 text-xs text-slate-300">
            {plan.features.map((feature) => <li key={feature}>✓ {feature}</li>)}
          </ul>
        </li>
      ))}
    </ul>
  );
}

export function ReferralFormPage(
  { code, referrerName, plans, submitted }: {
    code: string;
    referrerName: string;
    plans: SubscriptionPlan[];
    submitted?: { values: FormValues; problem: FormProblem };
  },
) {
  const values = submitted?.values ?? {};
  const fields = submitted?.problem.fields ?? {};
  const text = (name: string, label: string, maxLength: number) => (
    <Field id={name} label={label} error={fields[name]}>
      <Input
        id={name}
        name={name}
        required
        maxLength={maxLength}
        value={values[name] ?? ""}
        invalid={!!fields[name]}
        aria-describedby={fields[name] ? `${name}-error` : undefined}
      />
    </Field>
  );
  return (
    <Frame>
      {/* On a phone the form comes right after the introduction; the plans follow it. */}
      <div class="grid grid-cols-1 gap-8 lg:grid-cols-5 lg:items-start">
        <section class="lg:col-span-2 lg:col-start-1 lg:row-start-1">
          <p class="text-sm font-medium text-brand-300">Invited by {referrerName}</p>
          <h1 class="mt-2 text-3xl font-semibold tracking-tight text-white">
            Run your dental clinic on OdontoX
          </h1>
          <p class="mt-3 text-sm text-slate-300">
            Appointments, patient records, X-rays and billing in one place. Leave your details and
            the OdontoX team will call you to set up your clinic.
          </p>
        </section>
        <section class="lg:col-span-3 lg:col-start-3 lg:row-span-2 lg:row-start-1">
          <form
            method="post"
            action={`/refer/${code}`}
            class="space-y-4 rounded-2xl bg-white p-6 shadow-2xl shadow-black/30 sm:p-8"
          >
            <h2 class="text-lg font-semibold text-slate-900">Your clinic's details</h2>
            {submitted && (
              <p role="alert" class="text-sm font-medium text-red-700">
                {submitted.problem.message}
              </p>
            )}
            {text("clinicName", "Clinic name", 200)}
            <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
              {text("city", "City", 100)}
              {text("contactName", "Your name", 200)}
            </div>
            <Field id="email" label="Email" error={fields.email}>
              <Input
                id="email"
                name="email"
                type="email"
                required
                maxLength={320}
                value={values.email ?? ""}
                invalid={!!fields.email}
                aria-describedby={fields.email ? "email-error" : undefined}
              />
            </Field>
            <div>
              <PhoneInput
                name="phone"
                label="Phone"
                required
                value={values.phone ?? ""}
                defaultCountry={values.phoneCountry ?? DEFAULT_PHONE_COUNTRY}
                countries={countriesForPicker()}
                hint="Pakistani numbers: 10 digits after +92, e.g. 300 1234567."
              />
              {fields.phone && (
                <p class="mt-1.5 text-sm text-red-700" data-field-error="phone">{fields.phone}</p>
              )}
            </div>
            <Button class="w-full">Send my details</Button>
            <p class="text-xs text-slate-500">
              We use these details only to contact you about OdontoX. {referrerName}{" "}
              sees your clinic's name and city, not your email or phone.
            </p>
          </form>
        </section>
        <section class="lg:col-span-2 lg:col-start-1 lg:row-start-2">
          <h2 class="mb-3 text-sm font-semibold text-white">Plans, in PKR</h2>
          <PlanCards plans={plans} />
        </section>
      </div>
    </Frame>
  );
}

/** After sending, and the refusals a visitor can meet (unknown link, too many attempts). */
export function ReferralMessagePage(
  { title, message, tone = "info" }: {
    title: string;
    message: string;
    tone?: "success" | "info";
  },
) {
  return (
    <Frame>
      <div class="mx-auto max-w-md rounded-2xl bg-white p-6 text-center shadow-2xl shadow-black/30 sm:p-8">
        {tone === "success" && (
          <span class="mx-auto mb-4 grid h-12 w-12 place-items-center rounded-full bg-brand-100 text-brand-700">
            <Icon name="check" class="h-6 w-6" />
          </span>
        )}
        <h1 class="text-xl font-semibold text-slate-900">{title}</h1>
        <p class="mt-2 text-sm text-slate-600">{message}</p>
      </div>
    </Frame>
  );
}
