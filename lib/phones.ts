/**
 * Phone numbers, stored E.164 (docs/architecture.md, "Phones"). Pakistan is the
 * default country, and a Pakistani number is always +92 and a 10-digit
 * national number, so "0300 1234567",
 * "0092 300 1234567" and "+92 300 1234567" are one number.
 *
 * @example
 * ```ts
 * normalisePhone("0300 1234567", "phone"); // "+923001234567"
 * normalisePhone("+44 7400 123456", "whatsappPhone"); // "+447400123456"
 * normalisePhone("12345", "phone"); // throws a 400 naming the field
 * ```
 */
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from "libphonenumber-js";
import { badRequest } from "./errors.ts";

export const DEFAULT_PHONE_COUNTRY: CountryCode = "PK";
const PK_NATIONAL_DIGITS = 10;

/** The E.164 form of a number, or null when it cannot be a real number. */
export function parsePhone(raw: string, defaultCountry = DEFAULT_PHONE_COUNTRY): string | null {
  // "00" is how the rest of the world dials out from Pakistan.
  const text = raw.trim().replace(/^00(?=[1-9])/, "+");
  if (!/\d/.test(text) || text.length > 40) return null;
  const phone = parsePhoneNumberFromString(text, defaultCountry);
  if (!phone?.isValid()) return null;
  if (phone.countryCallingCode === "92" && phone.nationalNumber.length !== PK_NATIONAL_DIGITS) {
    return null;
  }
  return phone.number;
}

/**
 * Normalises a number a person typed; a 400 names `field` and says what a
 * valid number looks like. The message never repeats the number: it is PHI.
 */
export function normalisePhone(raw: string, field: string): string {
  const e164 = parsePhone(raw);
  if (!e164) {
    throw badRequest(
      `${field}: not a valid phone number. Pakistani numbers have 10 digits after +92 ` +
        `(e.g. 0300 1234567); other countries need their code (e.g. +44 7400 123456)`,
      { field },
    );
  }
  return e164;
}

/**
 * The number a `PhoneInput` posted: its text (`<name>`), read in the picked
 * country (`<name>Country`). Undefined when the form had no such field, null
 * when it was left empty, and otherwise E.164 when the number is valid, or
 * an invalid text that validation refuses by the field's name.
 */
export function phoneFromForm(
  fields: Record<string, string>,
  name: string,
): string | null | undefined {
  const text = fields[name];
  if (text === undefined) return undefined;
  if (!text.trim()) return null;
  const picked = fields[`${name}Country`]?.toUpperCase();
  const country = picked && isCountry(picked) ? picked : DEFAULT_PHONE_COUNTRY;
  const e164 = parsePhone(text, country);
  if (e164 || /^\s*(\+|00)/.test(text)) return e164 ?? text;
  // Spelled out in the picked country, so validation cannot read it as a Pakistani number instead.
  return `+${getCountryCallingCode(country)} ${text.trim()}`;
}

function isCountry(code: string): code is CountryCode {
  return (getCountries() as string[]).includes(code);
}

/** ISO code of the country an E.164 number belongs to, for a flag beside it. */
export function phoneCountryOf(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}

export interface PhoneCountry {
  /** ISO 3166-1 alpha-2, e.g. "PK". */
  code: string;
  name: string;
  /** Country calling code without "+", e.g. "92". */
  dialCode: string;
  flag: string;
}

/** The regional-indicator pair that renders as the country's flag. */
export function flagOf(code: string): string {
  return String.fromCodePoint(...[...code.toUpperCase()].map((ch) => 0x1f1a5 + ch.charCodeAt(0)));
}

let countries: PhoneCountry[] | undefined;

/** Every country libphonenumber-js knows, by English name: the WhatsApp picker's list. */
export function phoneCountries(): PhoneCountry[] {
  if (countries) return countries;
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  countries = getCountries()
    .map((code) => ({
      code,
      name: names.of(code) ?? code,
      dialCode: getCountryCallingCode(code),
      flag: flagOf(code),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "en"));
  return countries;
}
