/**
 * Settings → Clinic contact: the phone number, email and address patients
 * see on their portal, and the address appointment emails give as "Where".
 * Members who may only view it see the details, not a form.
 */
import PhoneInput, { type PickerCountry } from "../../islands/PhoneInput.tsx";
import { DEFAULT_PHONE_COUNTRY, phoneCountries, phoneCountryOf } from "../../lib/phones.ts";
import { SettingsBackLink } from "./BackLink.tsx";
import { Button, Card, Field, Input, Notice, PageHeader, Textarea } from "../ui/mod.ts";

let pickerCountries: PickerCountry[] | undefined;
function countriesForPicker(): PickerCountry[] {
  return pickerCountries ??= phoneCountries().map((c) => [c.code, c.dialCode, c.name]);
}

export interface ClinicContactView {
  /** The number as people write it ("+92 42 35761234"). */
  phoneDisplay: string | null;
  email: string | null;
  address: string | null;
}

function ContactDetails({ contact }: { contact: ClinicContactView }) {
  const rows: [string, string | null][] = [
    ["Phone", contact.phoneDisplay],
    ["Email", contact.email],
    ["Address", contact.address],
  ];
  return (
    <dl class="divide-y divide-slate-100">
      {rows.map(([label, value]) => (
        <div key={label} class="grid gap-1 px-5 py-3 sm:grid-cols-[8rem_1fr]">
          <dt class="text-sm text-slate-500">{label}</dt>
          <dd class={`whitespace-pre-line text-sm ${value ? "text-slate-900" : "text-slate-400"}`}>
            {value ?? "Not set"}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function ClinicContactPage(
  { contact, values, canEdit, saved, problem }: {
    contact: ClinicContactView;
    /** The form's fields: the saved ones, or what was just posted. */
    values: Record<string, string>;
    canEdit: boolean;
    saved?: boolean;
    problem?: { message: string; fields: Record<string, string> };
  },
) {
  const errors = problem?.fields ?? {};
  const phoneCountry = values.phoneCountry ||
    (values.phone && phoneCountryOf(values.phone)) || DEFAULT_PHONE_COUNTRY;
  // The picker reads its value as a whole number: a national number posted back is given the
  // picked country's code, so a refused "0300…" stays under +92 instead of being re-guessed.
  const typed = values.phone?.trim() ?? "";
  const dial = countriesForPicker().find(([code]) => code === phoneCountry)?.[1];
  const phoneValue = typed && !/^(\+|00)/.test(typed) && dial
    ? `+${dial}${typed.replace(/^0/, "")}`
    : typed;
  const fieldAtFault = Object.keys(errors).length > 0;
  return (
    <>
      <SettingsBackLink />
      <PageHeader
        title="Clinic contact"
        subtitle="How patients reach the clinic: shown on the patient portal, and the address tells them where to come in appointment emails."
      />
      {saved && <Notice tone="success">Contact details saved.</Notice>}
      {!canEdit && <Notice tone="info">You can view but not change these details.</Notice>}
      <Card class="max-w-2xl">
        {canEdit
          ? (
            <form method="post" action="/settings/contact" class="grid gap-5 p-5" novalidate>
              {problem && !fieldAtFault && <Notice tone="error">{problem.message}</Notice>}
              <div>
                <PhoneInput
                  name="phone"
                  label="Phone number"
                  value={phoneValue}
                  defaultCountry={phoneCountry}
                  countries={countriesForPicker()}
                  hint="The front desk's number, for patients to call."
                />
                {errors.phone && (
                  <p
                    id="phone-error"
                    class="mt-1.5 text-sm text-red-700"
                    data-field-error="phone"
                  >
                    {errors.phone}
                  </p>
                )}
              </div>
              <Field id="contact-email" name="email" label="Email" optional error={errors.email}>
                <Input
                  id="contact-email"
                  name="email"
                  type="email"
                  autocomplete="email"
                  value={values.email ?? ""}
                  maxLength={254}
                  invalid={!!errors.email}
                  aria-describedby={errors.email ? "contact-email-error" : undefined}
                />
              </Field>
              <Field
                id="contact-address"
                name="address"
                label="Address"
                optional
                hint="As patients should read it, e.g. 12-B Main Boulevard, Gulberg III, Lahore."
                error={errors.address}
              >
                <Textarea
                  id="contact-address"
                  name="address"
                  rows={3}
                  maxLength={500}
                  invalid={!!errors.address}
                  aria-describedby={errors.address
                    ? "contact-address-error"
                    : "contact-address-hint"}
                >
                  {values.address ?? ""}
                </Textarea>
              </Field>
              <div>
                <Button type="submit">Save contact details</Button>
              </div>
            </form>
          )
          : <ContactDetails contact={contact} />}
      </Card>
    </>
  );
}
