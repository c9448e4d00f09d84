/**
 * The full-page patient form, for registering and for editing. A field shows
 * only when the member may set it: phone numbers need the contact
 * permissions, medical alerts their own, and the WhatsApp number the clinic's
 * WhatsApp module. It posts as a plain HTML form; the phone fields are the
 * PhoneInput island, which posts without JavaScript too.
 */
import type { ComponentChildren } from "preact";
import PhoneInput, { type PickerCountry } from "../islands/PhoneInput.tsx";
import { GENDER_LABELS, GENDERS } from "../lib/patients/fields.ts";
import { DEFAULT_PHONE_COUNTRY, phoneCountries, phoneCountryOf } from "../lib/phones.ts";

export const PATIENT_INPUT =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
export const PATIENT_PRIMARY_BUTTON =
  "inline-flex items-center justify-center gap-2 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2";
export const PATIENT_SECONDARY_BUTTON =
  "inline-flex items-center justify-center gap-2 rounded-lg bg-white px-4 py-2 text-sm font-semibold text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2";

let pickerCountries: PickerCountry[] | undefined;
function countriesForPicker(): PickerCountry[] {
  return pickerCountries ??= phoneCountries().map((c) => [c.code, c.dialCode, c.name]);
}

/** What the form shows: stored values, or what was just posted when it is shown again. */
export interface PatientFormValues {
  fullName?: string;
  dateOfBirth?: string | null;
  gender?: string | null;
  email?: string | null;
  phone?: string | null;
  phoneCountry?: string;
  whatsappPhone?: string | null;
  whatsappPhoneCountry?: string;
  address?: string | null;
  medicalAlerts?: string | null;
}

export interface PatientFormOptions {
  /** Phone numbers can be set (contact view and edit). */
  contact: boolean;
  /** The clinic has WhatsApp. */
  whatsapp: boolean;
  /** Medical alerts can be set. */
  alerts: boolean;
}

function Field(
  { id, label, optional, error, hint, children }: {
    id?: string;
    label?: string;
    optional?: boolean;
    error?: string;
    hint?: string;
    children: ComponentChildren;
  },
) {
  return (
    <div>
      {label && (
        <label for={id} class="block text-sm font-medium text-slate-700">
          {label}
          {optional && <span class="ml-1 font-normal text-slate-500">(optional)</span>}
        </label>
      )}
      <div class={label ? "mt-1.5" : ""}>{children}</div>
      {hint && !error && <p class="mt-1.5 text-xs text-slate-500">{hint}</p>}
      {error && (
        <p class="mt-1.5 text-xs font-medium text-red-700" data-field-error={id}>
          {error}
        </p>
      )}
    </div>
  );
}

function Section(
  { title, description, children }: {
    title: string;
    description: string;
    children: ComponentChildren;
  },
) {
  return (
    <section class="grid grid-cols-1 gap-x-8 gap-y-4 border-b border-slate-100 px-5 py-6 last:border-b-0 md:grid-cols-3">
      <div>
        <h2 class="text-sm font-semibold text-slate-900">{title}</h2>
        <p class="mt-1 text-sm text-slate-500">{description}</p>
      </div>
      <div class="space-y-4 md:col-span-2">{children}</div>
    </section>
  );
}

const inputClass = (error?: string) =>
  error
    ? `${PATIENT_INPUT} border-red-400 focus:border-red-500 focus:ring-red-500/30`
    : PATIENT_INPUT;

export function PatientForm(
  { action, values, errors = {}, options, submitLabel, cancelHref }: {
    action: string;
    values: PatientFormValues;
    errors?: Record<string, string>;
    options: PatientFormOptions;
    submitLabel: string;
    cancelHref: string;
  },
) {
  const countryFor = (value: string | null | undefined, picked?: string) =>
    picked || (value && phoneCountryOf(value)) || DEFAULT_PHONE_COUNTRY;
  return (
    <form
      method="post"
      action={action}
      class="rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
      data-patient-form
    >
      {Object.keys(errors).length > 0 && (
        <p
          role="alert"
          class="mx-5 mt-5 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200"
        >
          {errors.form ??
            `Please correct the highlighted ${
              Object.keys(errors).length === 1 ? "field" : "fields"
            }.`}
        </p>
      )}
      <Section title="Personal details" description="How the clinic identifies the patient.">
        <Field id="fullName" label="Full name" error={errors.fullName}>
          <input
            id="fullName"
            name="fullName"
            required
            maxLength={200}
            autoComplete="off"
            value={values.fullName ?? ""}
            placeholder="e.g. Ayesha Bibi"
            class={inputClass(errors.fullName)}
          />
        </Field>
        <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field id="dateOfBirth" label="Date of birth" optional error={errors.dateOfBirth}>
            <input
              id="dateOfBirth"
              name="dateOfBirth"
              type="date"
              min="1900-01-01"
              max={new Date().toISOString().slice(0, 10)}
              value={values.dateOfBirth ?? ""}
              class={inputClass(errors.dateOfBirth)}
            />
          </Field>
          <Field id="gender" label="Gender" optional error={errors.gender}>
            <select id="gender" name="gender" class={inputClass(errors.gender)}>
              <option value="" selected={!values.gender}>Not recorded</option>
              {GENDERS.filter((g) => g !== "unknown").map((gender) => (
                <option key={gender} value={gender} selected={values.gender === gender}>
                  {GENDER_LABELS[gender]}
                </option>
              ))}
            </select>
          </Field>
        </div>
      </Section>

      <Section
        title="Contact"
        description={options.contact
          ? "Numbers are stored encrypted and shown only to staff allowed to see them."
          : "Phone numbers can be changed only by staff allowed to edit contact details."}
      >
        {options.contact && (
          <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
            <Field error={errors.phone} id="phone-phone">
              <PhoneInput
                name="phone"
                label="Phone"
                value={values.phone ?? ""}
                defaultCountry={countryFor(values.phone, values.phoneCountry)}
                countries={countriesForPicker()}
              />
            </Field>
            {options.whatsapp && (
              <Field error={errors.whatsappPhone} id="phone-whatsappPhone">
                <PhoneInput
                  name="whatsappPhone"
                  label="WhatsApp number"
                  value={values.whatsappPhone ?? ""}
                  defaultCountry={countryFor(values.whatsappPhone, values.whatsappPhoneCountry)}
                  countries={countriesForPicker()}
                  hint="Where WhatsApp appointment messages go; it may differ from the phone number."
                />
              </Field>
            )}
          </div>
        )}
        <Field id="email" label="Email" optional error={errors.email}>
          <input
            id="email"
            name="email"
            type="email"
            maxLength={320}
            autoComplete="off"
            value={values.email ?? ""}
            placeholder="name@example.com"
            class={inputClass(errors.email)}
          />
        </Field>
        <Field id="address" label="Address" optional error={errors.address}>
          <textarea
            id="address"
            name="address"
            rows={2}
            maxLength={500}
            class={inputClass(errors.address)}
          >
            {values.address ?? ""}
          </textarea>
        </Field>
      </Section>

      {options.alerts && (
        <Section
          title="Medical alerts"
          description="Allergies, medication and conditions every clinician must see before treatment."
        >
          <Field
            id="medicalAlerts"
            error={errors.medicalAlerts}
            hint="Shown highlighted on the patient's record. Leave empty when there are none."
          >
            <textarea
              id="medicalAlerts"
              name="medicalAlerts"
              rows={3}
              maxLength={2000}
              aria-label="Medical alerts"
              placeholder="e.g. Penicillin allergy; on warfarin"
              class={inputClass(errors.medicalAlerts)}
            >
              {values.medicalAlerts ?? ""}
            </textarea>
          </Field>
        </Section>
      )}

      <div class="flex flex-col-reverse gap-3 rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-4 sm:flex-row sm:justify-end">
        <a href={cancelHref} class={PATIENT_SECONDARY_BUTTON}>Cancel</a>
        <button type="submit" class={PATIENT_PRIMARY_BUTTON}>{submitLabel}</button>
      </div>
    </form>
  );
}
