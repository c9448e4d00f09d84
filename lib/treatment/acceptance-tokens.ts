/**
 * Signed, expiring links that let a patient review and accept a treatment plan without signing
 * in. The same construction as the appointment confirm/cancel links (lib/appointment-tokens.ts)
 * under its own purpose string, so a token of one kind never verifies as the other:
 *
 *     base64url(payload) + "." + base64url(HMAC-SHA256(payload, key))
 *     payload = "<planId>:<revision>:<expiresAt unix seconds>"
 *     key     = first 32 bytes of SHA-256("treatment-plan-accept-v1:" + ENCRYPTION_KEY)
 *
 * The revision is signed in: a plan edited after the link was sent cannot be accepted with it.
 */
import { base64UrlEncode } from "../appointment-tokens.ts";

const PURPOSE = "treatment-plan-accept-v1:";
export const MAX_TOKEN_LENGTH = 256;

export class PlanTokenError extends Error {
  override name = "PlanTokenError";
  constructor(readonly reason: "invalid" | "expired") {
    super(reason === "expired" ? "This link has expired" : "This link is not valid");
  }
}

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function signingKey(encryptionKey: string): Promise<CryptoKey> {
  let key = keys.get(encryptionKey);
  if (!key) {
    key = crypto.subtle.digest("SHA-256", encoder.encode(PURPOSE + encryptionKey)).then((digest) =>
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

function decode(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
  try {
    const padded = text.replace(/-/g, "+").replace(/_/g, "/") +
      "=".repeat((4 - text.length % 4) % 4);
    const bytes = Uint8Array.from(atob(padded), (ch) => ch.charCodeAt(0));
    return base64UrlEncode(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}

export async function signPlanToken(
  planId: string,
  revision: number,
  expiresAt: number,
  encryptionKey: string,
): Promise<string> {
  const payload = encoder.encode(`${planId}:${revision}:${expiresAt}`);
  const mac = await crypto.subtle.sign("HMAC", await signingKey(encryptionKey), payload);
  return `${base64UrlEncode(payload)}.${base64UrlEncode(new Uint8Array(mac))}`;
}

export async function verifyPlanToken(
  raw: unknown,
  options: { encryptionKey: string; now?: Date },
): Promise<{ planId: string; revision: number; expiresAt: number }> {
  if (typeof raw !== "string" || !raw || raw.length > MAX_TOKEN_LENGTH) {
    throw new PlanTokenError("invalid");
  }
  const [payloadText, macText, ...rest] = raw.split(".");
  const payload = decode(payloadText ?? "");
  const mac = decode(macText ?? "");
  if (rest.length || !payload || !mac || mac.length !== 32) throw new PlanTokenError("invalid");
  const genuine = await crypto.subtle.verify(
    "HMAC",
    await signingKey(options.encryptionKey),
    mac,
    payload,
  );
  if (!genuine) throw new PlanTokenError("invalid");
  const match = /^([0-9a-f-]{36}):([1-9][0-9]{0,8}):([1-9][0-9]{0,15})$/.exec(
    new TextDecoder().decode(payload),
  );
  if (!match) throw new PlanTokenError("invalid");
  const expiresAt = Number(match[3]);
  if (expiresAt <= Math.floor((options.now ?? new Date()).getTime() / 1000)) {
    throw new PlanTokenError("expired");
  }
  return { planId: match[1], revision: Number(match[2]), expiresAt };
}
