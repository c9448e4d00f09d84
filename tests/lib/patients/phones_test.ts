import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { AppError } from "../../../lib/errors.ts";
import {
  normalisePhone,
  parsePhone,
  phoneCountries,
  phoneCountryOf,
  phoneFromForm,
} from "../../../lib/phones.ts";

Deno.test("every common spelling of a Pakistani mobile becomes +92 and ten digits", () => {
  for (
    const spelling of [
      "0300 1234567",
      "03001234567",
      "0300-123-4567",
      "+92 300 1234567",
      "+92 (0) 300 1234567",
      "+92 0300 1234567",
      "0092 300 1234567",
      "923001234567",
      " 300 1234567 ",
    ]
  ) {
    assertEquals(parsePhone(spelling), "+923001234567", spelling);
  }
  assertEquals(parsePhone("021 1234 5678"), "+922112345678", "a Karachi landline");
});

Deno.test("foreign numbers keep their own country code", () => {
  assertEquals(parsePhone("+44 7400 123456"), "+447400123456");
  assertEquals(parsePhone("0044 7400 123456"), "+447400123456");
  assertEquals(parsePhone("+1 202 555 0143"), "+12025550143");
  assertEquals(parsePhone("7400 123456", "GB"), "+447400123456");
  assertEquals(phoneCountryOf("+447400123456"), "GB");
  assertEquals(phoneCountryOf("+923001234567"), "PK");
});

Deno.test("impossible numbers are refused with a 400 that names the field, not the number", () => {
  for (const bad of ["98765", "0300 987654", "0300 98765432", "+92 21 111 222", "abc", "", "+"]) {
    assertEquals(parsePhone(bad), null, bad);
    let caught: unknown;
    try {
      normalisePhone(bad, "whatsappPhone");
    } catch (error) {
      caught = error;
    }
    assert(caught instanceof AppError, `refused ${bad}`);
    assertEquals([caught.status, caught.code, caught.extra.field], [
      400,
      "BAD_REQUEST",
      "whatsappPhone",
    ]);
    assertMatch(caught.message, /^whatsappPhone: not a valid phone number/);
    if (bad.length > 4) assert(!caught.message.includes(bad), "the number is not echoed");
  }
});

Deno.test("a picker form's number is read in the country picked beside it", () => {
  const read = (fields: Record<string, string>) => phoneFromForm(fields, "whatsappPhone");
  assertEquals(read({ whatsappPhone: "7400 123456", whatsappPhoneCountry: "GB" }), "+447400123456");
  assertEquals(
    read({ whatsappPhone: "0300 1234567", whatsappPhoneCountry: "PK" }),
    "+923001234567",
  );
  assertEquals(
    read({ whatsappPhone: "+44 7400 123456", whatsappPhoneCountry: "PK" }),
    "+447400123456",
  );
  assertEquals(read({ whatsappPhone: "0300 1234567" }), "+923001234567", "no picker: Pakistan");
  assertEquals(
    read({ whatsappPhone: "0300 1234567", whatsappPhoneCountry: "ZZ" }),
    "+923001234567",
  );
  assertEquals(read({ whatsappPhone: "  " }), null);
  assertEquals(read({}), undefined);
  // A Pakistani number under the UK flag is a mistake, not a Pakistani number.
  const wrong = read({ whatsappPhone: "0312 1234567", whatsappPhoneCountry: "GB" })!;
  assertEquals(parsePhone(wrong), null);
});

Deno.test("the picker lists every country with its flag and dial code", () => {
  const countries = phoneCountries();
  assert(countries.length >= 240, `${countries.length} countries`);
  const byCode = new Map(countries.map((c) => [c.code, c]));
  assertEquals(byCode.get("PK"), { code: "PK", name: "Pakistan", dialCode: "92", flag: "🇵🇰" });
  assertEquals(byCode.get("GB")?.name, "United Kingdom");
  assertEquals(byCode.get("GB")?.dialCode, "44");
  assertEquals(byCode.get("US")?.dialCode, "1");
  assertEquals(byCode.get("AE")?.dialCode, "971");
  const names = countries.map((c) => c.name);
  assertEquals(names, [...names].sort((a, b) => a.localeCompare(b, "en")), "sorted by name");
  assertEquals(new Set(countries.map((c) => c.code)).size, countries.length, "no duplicates");
});
