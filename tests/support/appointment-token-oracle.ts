/**
 * Patient-link tokens (the format in lib/appointment-tokens.ts) computed with nothing but Web Crypto,
 * independently of `lib/appointment-tokens.ts`: the known answer the module's
 * own tokens are checked against, and a way to sign payloads the module would
 * never produce. Do not import the module under test here.
 */
const encoder = new TextEncoder();

/** Unpadded base64url, as the token's two parts are written. */
export const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The token's first part: the payload text, base64url-encoded. */
export const encodePayload = (payload: string) => base64url(encoder.encode(payload));

/** `base64url(payload).base64url(HMAC-SHA256(SHA-256("appt-action-v1:" + key), payload))`. */
export async function independentToken(payload: string, encryptionKey: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    encoder.encode("appt-action-v1:" + encryptionKey),
  );
  const key = await crypto.subtle.importKey(
    "raw",
    new Uint8Array(digest).slice(0, 32),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(payload)));
  return `${encodePayload(payload)}.${base64url(mac)}`;
}
