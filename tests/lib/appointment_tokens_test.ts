import { assertEquals, assertRejects } from "../support/assert.ts";
import {
  generateAppointmentToken,
  MAX_TOKEN_LENGTH,
  signAppointmentPayload,
  TOKEN_TTL_SECONDS,
  TokenExpiredError,
  TokenInvalidError,
  verifyAppointmentToken,
} from "../../lib/appointment-tokens.ts";
import { encodePayload, independentToken } from "../support/appointment-token-oracle.ts";

const ENCRYPTION_KEY = "test-encryption-key-0123456789abcdef0123456789";
const APPOINTMENT = "3f2c1a9e-5b7d-4c2e-9a1f-0d8e6b4c2a10";
/** 2027-01-01T00:00:00Z */
const EXPIRES_AT = 1798761600;
const BEFORE = new Date((EXPIRES_AT - 60) * 1000);
const keys = { encryptionKey: ENCRYPTION_KEY, now: BEFORE };

/**
 * The same token computed from the documented format with nothing but the shell:
 *   K=$(printf '%s' "appt-action-v1:$KEY" | openssl dgst -sha256 -hex)
 *   printf '%s' "$PAYLOAD" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$K -binary | base64
 */
const OPENSSL_CONFIRM_TOKEN =
  "M2YyYzFhOWUtNWI3ZC00YzJlLTlhMWYtMGQ4ZTZiNGMyYTEwOmNvbmZpcm06MTc5ODc2MTYwMA." +
  "uBC4TOrwkEEFYgHKwnQOHLvMn3d7Hq6ZNpLO2AONzpI";

/** The documented format, written out independently of the module under test. */
const independent = (payload: string, encryptionKey = ENCRYPTION_KEY) =>
  independentToken(payload, encryptionKey);

const isInvalid = (error: Error) => error instanceof TokenInvalidError;
const isExpired = (error: Error) => error instanceof TokenExpiredError;

async function assertInvalid(token: unknown, options = keys) {
  await assertRejects(() => verifyAppointmentToken(token, options), isInvalid);
}

Deno.test("a token is exactly the seed's format, as computed independently", async () => {
  const token = await signAppointmentPayload(APPOINTMENT, "confirm", EXPIRES_AT, ENCRYPTION_KEY);
  assertEquals(token, await independent(`${APPOINTMENT}:confirm:${EXPIRES_AT}`));
  assertEquals(token, OPENSSL_CONFIRM_TOKEN);
  assertEquals(token.includes("="), false, "no base64 padding");
});

Deno.test("a token computed independently verifies", async () => {
  for (const action of ["confirm", "cancel"] as const) {
    const token = await independent(`${APPOINTMENT}:${action}:${EXPIRES_AT}`);
    assertEquals(await verifyAppointmentToken(token, keys), {
      appointmentId: APPOINTMENT,
      action,
      expiresAt: EXPIRES_AT,
    });
  }
});

Deno.test("a new token is valid for 48 hours, and not a second more", async () => {
  const now = new Date("2026-11-21T10:00:00Z");
  const token = await generateAppointmentToken(APPOINTMENT, "cancel", {
    encryptionKey: ENCRYPTION_KEY,
    now,
  });
  const expiresAt = now.getTime() / 1000 + TOKEN_TTL_SECONDS;
  assertEquals(TOKEN_TTL_SECONDS, 172_800);
  assertEquals(token, await independent(`${APPOINTMENT}:cancel:${expiresAt}`));
  const at = (seconds: number) => ({
    encryptionKey: ENCRYPTION_KEY,
    now: new Date(seconds * 1000),
  });
  assertEquals((await verifyAppointmentToken(token, at(expiresAt - 1))).action, "cancel");
  const expired = await assertRejects(
    () => verifyAppointmentToken(token, at(expiresAt)),
    isExpired,
  );
  assertEquals((expired as TokenExpiredError).expiresAt, expiresAt);
});

Deno.test("a token signed under another ENCRYPTION_KEY is invalid", async () => {
  const other = await independent(
    `${APPOINTMENT}:confirm:${EXPIRES_AT}`,
    "another-encryption-key-0123456789abcdef012345",
  );
  await assertInvalid(other);
});

Deno.test("a tampered payload, a tampered MAC or a swapped action is invalid", async () => {
  const [payload, mac] = OPENSSL_CONFIRM_TOKEN.split(".");
  const otherAppointment = encodePayload(
    `3f2c1a9e-5b7d-4c2e-9a1f-0d8e6b4c2a11:confirm:${EXPIRES_AT}`,
  );
  await assertInvalid(`${otherAppointment}.${mac}`);
  const swapped = encodePayload(`${APPOINTMENT}:cancel:${EXPIRES_AT}`);
  await assertInvalid(`${swapped}.${mac}`);
  const later = encodePayload(`${APPOINTMENT}:confirm:${EXPIRES_AT + 86_400}`);
  await assertInvalid(`${later}.${mac}`);
  const flipped = mac[5] === "A" ? "B" : "A";
  await assertInvalid(`${payload}.${mac.slice(0, 5)}${flipped}${mac.slice(6)}`);
  await assertInvalid(`${payload}.${mac.slice(0, -2)}`);
  await assertInvalid(`${payload}.${mac}${mac}`);
});

Deno.test("a genuine but expired token says expired, not invalid", async () => {
  await assertRejects(
    () =>
      verifyAppointmentToken(OPENSSL_CONFIRM_TOKEN, {
        encryptionKey: ENCRYPTION_KEY,
        now: new Date(EXPIRES_AT * 1000 + 1000),
      }),
    isExpired,
  );
});

Deno.test("an expiry that is not a plain integer is invalid even when signed", async () => {
  for (
    const expires of [
      "NaN",
      "Infinity",
      "1798761600.5",
      "1.7987616e9",
      "+1798761600",
      "-1798761600",
      " 1798761600",
      "1798761600 ",
      "01798761600",
      "0x6B3B8D00",
      "1798761600abc",
      "",
      "99999999999999999999",
    ]
  ) {
    await assertInvalid(await independent(`${APPOINTMENT}:confirm:${expires}`));
  }
});

Deno.test("a payload without exactly three known fields is invalid even when signed", async () => {
  for (
    const payload of [
      `${APPOINTMENT}:confirm`,
      `${APPOINTMENT}:confirm:${EXPIRES_AT}:extra`,
      `${APPOINTMENT}:reschedule:${EXPIRES_AT}`,
      `${APPOINTMENT}:CONFIRM:${EXPIRES_AT}`,
      `:confirm:${EXPIRES_AT}`,
    ]
  ) {
    await assertInvalid(await independent(payload));
  }
});

Deno.test("empty, overlong and non-base64url tokens are invalid before any decoding", async () => {
  const [payload, mac] = OPENSSL_CONFIRM_TOKEN.split(".");
  for (
    const token of [
      "",
      ".",
      undefined,
      null,
      42,
      { token: OPENSSL_CONFIRM_TOKEN },
      "x".repeat(MAX_TOKEN_LENGTH + 1),
      OPENSSL_CONFIRM_TOKEN + "A".repeat(MAX_TOKEN_LENGTH),
      payload,
      `${payload}.${mac}.${mac}`,
      `${payload}=.${mac}`,
      `${payload}.${mac}=`,
      `${payload.replace(/-/g, "+")}+.${mac}`,
      `${payload}.${mac.replace(/_/g, "/")}/`,
      `${payload} .${mac}`,
      `${payload}.${mac}%00`,
    ]
  ) {
    await assertInvalid(token);
  }
});

Deno.test("a non-canonical base64url spelling of a genuine token is invalid", async () => {
  // The MAC's last character carries 2 unused bits; a different last character can decode to
  // the same 32 bytes. Exactly one spelling is accepted.
  const [payload, mac] = OPENSSL_CONFIRM_TOKEN.split(".");
  const last = mac.at(-1)!;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const index = alphabet.indexOf(last);
  const sibling = alphabet[(index & ~3) + ((index + 1) & 3)];
  await assertInvalid(`${payload}.${mac.slice(0, -1)}${sibling}`);
});
