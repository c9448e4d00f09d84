/**
 * The signed links that let a patient confirm or cancel an appointment
 * without signing in. No table: the token carries the
 * appointment, the action and its expiry, signed with a key derived from
 * `ENCRYPTION_KEY`. The format is the original's byte for byte, so a link
 * issued by either system verifies in the other:
 *
 *     base64url(payload) + "." + base64url(HMAC-SHA256(payload, key))
 *     payload = "<appointmentId>:<action>:<expiresAt unix seconds>"
 *     key     = first 32 bytes of SHA-256("appt-action-v1:" + ENCRYPTION_KEY)
 *
 * Base64url is unpadded. Verification rejects anything it did not produce
 * itself before trusting a single field.
 *
 * @example
 * ```ts
 * const token = await generateAppointmentToken(id, "confirm", { encryptionKey });
 * const { appointmentId, action } = await verifyAppointmentToken(token, { encryptionKey });
 * ```
 */

export const APPOINTMENT_ACTIONS = ["confirm", "cancel"] as const;
export type AppointmentAction = typeof APPOINTMENT_ACTIONS[number];

/** Release notes, upgrade note: links are valid for 48 hours. */
export const TOKEN_TTL_SECONDS = 48 * 60 * 60;

/**
 * A uuid, an action and ten digits come to about 120 characters; anything
 * much longer is refused before it is decoded, so a huge query string costs
 * nothing.
 */
export const MAX_TOKEN_LENGTH = 256;

export class TokenInvalidError extends Error {
  override name = "TokenInvalidError";
  constructor(reason: string) {
    super(`Invalid token: ${reason}`);
  }
}

export class TokenExpiredError extends Error {
  override name = "TokenExpiredError";
  constructor(readonly expiresAt: number) {
    super("Token expired");
  }
}

export interface TokenKeyOptions {
  /** The app's `ENCRYPTION_KEY`; the signing key is derived from it. */
  encryptionKey: string;
  /** The current time; tests pass a fixed one. */
  now?: Date;
}

export interface VerifiedAppointmentToken {
  appointmentId: string;
  action: AppointmentAction;
  /** Unix seconds. */
  expiresAt: number;
}

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key described above, derived once per encryption key. */
function signingKey(encryptionKey: string): Promise<CryptoKey> {
  let key = keys.get(encryptionKey);
  if (!key) {
    key = crypto.subtle.digest("SHA-256", encoder.encode("appt-action-v1:" + encryptionKey))
      .then((digest) =>
        crypto.subtle.importKey(
          "raw",
          new Uint8Array(digest).slice(0, 32),
          { name: "HMAC", hash: "SHA-256" },
          false,
          ["sign", "verify"],
        )
      );
    keys.set(encryptionKey, key);
  }
  return key;
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Strict unpadded base64url: only its alphabet, no impossible length, and
 * the canonical spelling only (unused trailing bits zero), so one token has
 * exactly one string form.
 */
function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> | null {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - text.length % 4) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  return base64UrlEncode(bytes) === text ? bytes : null;
}

function isAction(value: string): value is AppointmentAction {
  return (APPOINTMENT_ACTIONS as readonly string[]).includes(value);
}

const nowSeconds = (now: Date | undefined) => Math.floor((now ?? new Date()).getTime() / 1000);

/** Signs a payload; exported for the known-answer tests' sake of a fixed `expiresAt`. */
export async function signAppointmentPayload(
  appointmentId: string,
  action: AppointmentAction,
  expiresAt: number,
  encryptionKey: string,
): Promise<string> {
  if (appointmentId.includes(":")) throw new TypeError("An appointment id cannot contain ':'");
  if (!isAction(action)) throw new TypeError(`Unknown action "${action}"`);
  if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0) {
    throw new TypeError("expiresAt must be a positive integer of Unix seconds");
  }
  const payload = encoder.encode(`${appointmentId}:${action}:${expiresAt}`);
  const mac = await crypto.subtle.sign("HMAC", await signingKey(encryptionKey), payload);
  return `${base64UrlEncode(payload)}.${base64UrlEncode(new Uint8Array(mac))}`;
}

/** A token for `action` on the appointment, valid for 48 hours from `now`. */
export function generateAppointmentToken(
  appointmentId: string,
  action: AppointmentAction,
  options: TokenKeyOptions,
): Promise<string> {
  return signAppointmentPayload(
    appointmentId,
    action,
    nowSeconds(options.now) + TOKEN_TTL_SECONDS,
    options.encryptionKey,
  );
}

const EXPIRES_AT = /^[1-9][0-9]{0,15}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks a token from a link. Throws `TokenInvalidError` for anything not
 * signed by us (or malformed), `TokenExpiredError` for a genuine token past
 * its time; the expiry is read only once the signature holds.
 */
export async function verifyAppointmentToken(
  raw: unknown,
  options: TokenKeyOptions,
): Promise<VerifiedAppointmentToken> {
  if (typeof raw !== "string" || raw.length === 0) throw new TokenInvalidError("empty");
  if (raw.length > MAX_TOKEN_LENGTH) throw new TokenInvalidError("too long");

  const parts = raw.split(".");
  if (parts.length !== 2) throw new TokenInvalidError("not two parts");
  const payload = base64UrlDecode(parts[0]);
  const mac = base64UrlDecode(parts[1]);
  if (!payload || !mac) throw new TokenInvalidError("not base64url");
  if (mac.length !== 32) throw new TokenInvalidError("wrong signature length");

  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    throw new TokenInvalidError("payload is not UTF-8");
  }
  const fields = text.split(":");
  if (fields.length !== 3) throw new TokenInvalidError("not three fields");
  const [appointmentId, action, expiresText] = fields;
  if (!appointmentId) throw new TokenInvalidError("no appointment");
  if (!isAction(action)) throw new TokenInvalidError("unknown action");
  // Digits only, no sign, no leading zero, no fraction or exponent: `Number()`
  // alone would take " 12", "0x1f", "1e9" and "+5".
  if (!EXPIRES_AT.test(expiresText)) throw new TokenInvalidError("expiry is not an integer");
  const expiresAt = Number(expiresText);
  if (!Number.isSafeInteger(expiresAt)) throw new TokenInvalidError("expiry out of range");

  // Web Crypto's verify compares in constant time.
  const genuine = await crypto.subtle.verify(
    "HMAC",
    await signingKey(options.encryptionKey),
    mac,
    payload,
  );
  if (!genuine) throw new TokenInvalidError("bad signature");

  if (expiresAt <= nowSeconds(options.now)) throw new TokenExpiredError(expiresAt);
  return { appointmentId, action, expiresAt };
}
