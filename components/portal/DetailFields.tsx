/**
 * The fields a patient fills in about themselves, on the invitation and on
 * their details page: date of birth, gender, phone with its country picker,
 * the WhatsApp number when the clinic has WhatsApp, and (on the details page)
 * the address. Each field shows its own message.
 */
import PhoneInput, { type PickerCountry } from "../../islands/PhoneInput.tsx";
import { GENDER_LABELS } from "../../lib/patients/fields.ts";
import { PATIENT_GENDERS } from "../../lib/portal/patient-details.ts";
import { DEFAULT_PHONE_COUNTRY, phoneCountries, phoneCountryOf } from "../../lib/phones.ts";
import { Field, Input, Textarea } from "../ui/mod.ts";

let pickerCountries: PickerCountry[] | undefined;
function countriesForPicker(): PickerCountry[] {
  return pickerCountries ??= phoneCountries().map((c) => [c.code, c.dialCode, c.name]);
}

/** The values shown: stored ones, or what was just posted. */
export interface DetailValues {
  dateOfBirth?: string | null;
  gender?: string | null;
  phone?: string | null;
  phoneCountry?: string | null;
  whatsappPhone?: string | null;
  whatsappPhoneCountry?: string | null;
  address?: string | null;
}

function FieldError({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`phone-${name}-error`} class="mt-1.5 text-sm text-red-700" data-field-error={name}>
      {error}
    </p>
  );
}

export function DetailFields(
  { values, errors = {}, whatsapp, address, today }: {
    values: DetailValues;
    errors?: Record<string, string>;
    whatsapp: boolean;
    address: boolean;
    /** YYYY-MM-DD, the latest date of birth the picker offers. */
    today: string;
  },
) {
  const countryFor = (value: string | null | undefined, picked?: string | null) =>
    picked || (value && phoneCountryOf(value)) || DEFAULT_PHONE_COUNTRY;
  return (
    <div class="space-y-5">
      <Field
        id="dateOfBirth"
        label="Date of birth"
        error={errors.dateOfBirth}
        class="max-w-xs"
      >
        <Input
          id="dateOfBirth"
          name="dateOfBirth"
          type="date"
          required
          min="1900-01-01"
          max={today}
          value={values.dateOfBirth ?? ""}
          invalid={!!errors.dateOfBirth}
          aria-describedby={errors.dateOfBirth ? "dateOfBirth-error" : undefined}
        />
      </Field>
      <fieldset aria-describedby={errors.gender ? "gender-error" : undefined}>
        <legend class="block text-sm font-medium text-slate-700">Gender</legend>
        <div class="mt-1.5 grid grid-cols-3 gap-2">
          {PATIENT_GENDERS.map((gender) => (
            <label key={gender} class="cursor-pointer">
              <input
                type="radio"
                name="gender"
                value={gender}
                checked={values.gender === gender}
                required
                class="peer sr-only"
              />
              <span class="flex items-center justify-center rounded-lg bg-white px-3 py-2.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 peer-checked:bg-brand-50 peer-checked:font-medium peer-checked:text-brand-800 peer-checked:ring-2 peer-checked:ring-brand-500 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500">
                {GENDER_LABELS[gender]}
              </span>
            </label>
          ))}
        </div>
        {errors.gender && (
          <p id="gender-error" class="mt-1.5 text-sm text-red-700" data-field-error="gender">
            {errors.gender}
          </p>
        )}
      </fieldset>
      <div>
        <PhoneInput
          name="phone"
          label="Phone number"
          required
          value={values.phone ?? ""}
          defaultCountry={countryFor(values.phone, values.phoneCountry)}
          countries={countriesForPicker()}
        />
        <FieldError name="phone" error={errors.phone} />
      </div>
      {whatsapp && (
        <div>
          <PhoneInput
            name="whatsappPhone"
            label="WhatsApp number"
            value={values.whatsappPhone ?? ""}
            defaultCountry={countryFor(values.whatsappPhone, values.whatsappPhoneCountry)}
            countries={countriesForPicker()}
            hint="For appointment messages on WhatsApp, if it differs from your phone number."
          />
          <FieldError name="whatsappPhone" error={errors.whatsappPhone} />
        </div>
      )}
      {address && (
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
      )}
    </div>
  );
}
