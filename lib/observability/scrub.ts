/**
 * Removes personal data and secrets from text that leaves the request it
 * came from: error log records, Sentry events. The app must not log them in
 * the first place; this is the second line, for what slipped through (a
 * driver's error quoting a row, a library printing a header).
 *
 * @example
 * ```ts
 * scrubText("call +92 300 1234567 or ali@example.com"); // "call [phone] or [email]"
 * scrubAttributes({ authorization: "Bearer abc" });    // { authorization: "[redacted]" }
 * ```
 */

/** Attribute and header names whose values are never kept, whatever they hold. */
const SECRET_KEY =
  /authorization|cookie|token|password|passwd|secret|api[-_.]?key|session|phone|whatsapp|e-?mail|dsn|credential|otp/i;

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** `token=…`, `"password": "…"`, `cookie: …` in URLs, JSON and header dumps. */
const SECRET_PAIR =
  /\b((?:[a-z_-]*(?:token|password|passwd|secret|api[-_]?key|cookie|authorization|session)[a-z_-]*))(["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi;
/**
 * A phone number: an optional +, then 9–15 digits possibly split by spaces,
 * dots, dashes or parentheses. Long enough to leave ports, years, counts and
 * line:column pairs alone.
 */
const PHONE = /(?<![\w/.:-])\+?\(?\d(?:[\d\s().-]{7,18})\d(?![\w/:])/g;
/** Long random-looking strings (respond links, shared lab links, API keys) in paths and text. */
const OPAQUE_TOKEN = /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}\b/g;

function countDigits(text: string): number {
  let n = 0;
  for (const ch of text) if (ch >= "0" && ch <= "9") n++;
  return n;
}

/** The text with emails, phone numbers, tokens and secret-looking pairs replaced by placeholders. */
export function scrubText(text: string): string {
  // UUIDs (row ids, clinic ids) are not personal data and carry digit runs
  // the phone pattern would take; they are set aside and put back.
  const kept: string[] = [];
  let out = text.replace(UUID, (id) => `\uE000${kept.push(id) - 1}\uE000`);
  out = out
    .replace(JWT, "[token]")
    .replace(BEARER, "$1 [token]")
    .replace(SECRET_PAIR, "$1$2[redacted]")
    .replace(EMAIL, "[email]")
    .replace(PHONE, (match) => {
      const digits = countDigits(match);
      return digits >= 9 && digits <= 15 ? "[phone]" : match;
    })
    .replace(OPAQUE_TOKEN, "[token]");
  return out.replace(/\uE000(\d+)\uE000/g, (_, i) => kept[Number(i)]);
}

/** A flat attribute map with secret-named keys redacted and every value scrubbed. */
export function scrubAttributes(attributes: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : scrubText(value);
  }
  return out;
}

/** Whether a header, cookie or field name is one whose value is never kept. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}
