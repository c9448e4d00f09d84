/**
 * Proof that a webhook call comes from Meta for this clinic's app: the
 * verification handshake's token, and `X-Hub-Signature-256` on every
 * delivery (`sha256=` + hex HMAC-SHA256 of the raw body under the app
 * secret). Both comparisons take the same time whatever the input, so an
 * attacker cannot learn a secret a character at a time, and the signature is
 * checked on the bytes as received, before anything is parsed.
 */

const encoder = new TextEncoder();

/** Equal strings, compared in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let difference = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** True when `header` is the app secret's signature of exactly these bytes. */
export async function verifyWebhookSignature(
  appSecret: string,
  body: Uint8Array<ArrayBuffer>,
  header: string | null | undefined,
): Promise<boolean> {
  const match = header ? SIGNATURE.exec(header.trim()) : null;
  if (!match) return false;
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  // Web Crypto's verify compares the MACs in constant time.
  return await crypto.subtle.verify("HMAC", key, hexBytes(match[1]), body);
}

/** The header Meta would send for `body`; the tests' Graph stand-in signs with it too. */
export async function signWebhookBody(appSecret: string, body: Uint8Array): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new Uint8Array(body)));
  return "sha256=" + [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}
