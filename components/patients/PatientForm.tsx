/**
 * The full-page patient form, for registering and for editing. A field shows
 * only when the member may set it: phone numbers need the contact
 * permissions, medical alerts their own, and the WhatsApp number the clinic's
 * WhatsApp module. It posts as a plain HTML form; the phone fields are the
 * PhoneInput island, which posts without JavaScript too.
 */
import type { ComponentChildren } from "preact";
import PhoneInput, { type PickerCountry } from "../../islands/PhoneInput.tsx";
import { GENDER_LABELS, GENDERS } from "../../lib/patients/fields.ts";
import { DEFAULT_PHONE_COUNTRY, phoneCountries, phoneCountryOf } from "../../lib/phones.ts";
import type { PatientFormOptions, PatientFormValues } from "../../lib/patients/form.ts";
import { Button, ButtonLink, Input, Select, Textarea } from "../ui/mod.ts";

let pickerCountries: PickerCountry[] | undefined;
function countriesForPicker(): PickerCountry[] {
  return pickerCountries ??= phoneCountries().map((c) => [c.code, c.dialCode, c.name]);
}

/**
 * Not the shared `Field`: a phone field's label belongs to the PhoneInput
 * island, and each message is marked with the field it belongs to.
 */
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
          <Input
            id="fullName"
            name="fullName"
            required
            maxLength={200}
            autoComplete="off"
            value={values.fullName ?? ""}
            placeholder="e.g. Ayesha Bibi"
            invalid={!!errors.fullName}
          />
        </Field>
        <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field id="dateOfBirth" label="Date of birth" optional error={errors.dateOfBirth}>
            <Input
              id="dateOfBirth"
              name="dateOfBirth"
              type="date"
              min="1900-01-01"
              max={new Date().toISOString().slice(0, 10)}
              value={values.dateOfBirth ?? ""}
              invalid={!!errors.dateOfBirth}
            />
          </Field>
          <Field id="gender" label="Gender" optional error={errors.gender}>
            <Select id="gender" name="gender" invalid={!!errors.gender}>
              <option value="" selected={!values.gender}>Not recorded</option>
              {GENDERS.filter((g) => g !== "unknown").map((gender) => (
                <option key={gender} value={gender} selected={values.gender === gender}>
                  {GENDER_LABELS[gender]}
                </option>
              ))}
            </Select>
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
          <Input
            id="email"
            name="email"
            type="email"
            maxLength={320}
            autoComplete="off"
            value={values.email ?? ""}
            placeholder="name@example.com"
            invalid={!!errors.email}
          />
        </Field>
        <Field id="address" label="Address" optional error={errors.address}>
          <Textarea
            id="address"
            name="address"
            rows={2}
            maxLength={500}
            invalid={!!errors.address}
          >
            {values.address ?? ""}
          </Textarea>
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
            <Textarea
              id="medicalAlerts"
              name="medicalAlerts"
              rows={3}
              maxLength={2000}
              aria-label="Medical alerts"
              placeholder="e.g. Penicillin allergy; on warfarin"
              invalid={!!errors.medicalAlerts}
            >
              {values.medicalAlerts ?? ""}
            </Textarea>
          </Field>
        </Section>
      )}

      <div class="flex flex-col-reverse gap-3 rounded-b-xl border-t border-slate-100 bg-slate-50 px-5 py-4 sm:flex-row sm:justify-end">
        <ButtonLink href={cancelHref} variant="secondary">Cancel</ButtonLink>
        <Button>{submitLabel}</Button>
      </div>
    </form>
  );
}
