/** Short-lived access tokens: HS256 JWTs signed with `JWT_SECRET`. */
import { errors, jwtVerify, SignJWT } from "jose";
import { unauthorized } from "../errors.ts";

const ISSUER = "odontox";
const AUDIENCE = "odontox-staff";

export interface AccessClaims {
  userId: string;
  sessionId: string;
  clinicId: string | null;
  isSuperadmin: boolean;
  /** Expiry, epoch seconds. */
  expiresAt: number;
}

// Imported once per secret: handing jose the raw bytes makes it import a key on every call,
// about half of what verifying a token costs, and every signed-in request verifies one.
const keys = new Map<string, Promise<CryptoKey>>();
function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    keys.set(secret, key);
  }
  return key;
}

export async function signAccessToken(
  claims: Omit<AccessClaims, "expiresAt">,
  secret: string,
  ttlSeconds: number,
  now = new Date(),
): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor(now.getTime() / 1000);
  const expiresAt = iat + ttlSeconds;
  const token = await new SignJWT({
    sid: claims.sessionId,
    cid: claims.clinicId,
    sa: claims.isSuperadmin,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(expiresAt)
    .sign(await keyFor(secret));
  return { token, expiresAt };
}

/**
 * Tokens whose signature was checked, by secret and token text. A tab sends
 * the same token with every request for its whole life, and checking the
 * HMAC again was the largest single native cost of a warm page; the claims
 * of the same bytes under the same secret cannot differ, and expiry is
 * checked on every hit. Bounded, oldest first out.
 */
const VERIFIED_LIMIT = 4096;
const verified = new Map<string, AccessClaims>();

/** Throws 401 `TOKEN_EXPIRED` or `INVALID_TOKEN`. */
export async function verifyAccessToken(
  token: string,
  secret: string,
  now = new Date(),
): Promise<AccessClaims> {
  const cacheKey = `${secret}\n${token}`;
  const known = verified.get(cacheKey);
  if (known) {
    if (known.expiresAt * 1000 > now.getTime()) return known;
    verified.delete(cacheKey);
    throw unauthorized("TOKEN_EXPIRED", "Access token expired");
  }
  const claims = Object.freeze(await verifySignedToken(token, secret, now));
  if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value!);
  verified.set(cacheKey, claims);
  return claims;
}

async function verifySignedToken(token: string, secret: string, now: Date): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, await keyFor(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
    });
    if (
      typeof payload.sub !== "string" || typeof payload.sid !== "string" ||
      typeof payload.exp !== "number"
    ) {
      throw unauthorized("INVALID_TOKEN", "Invalid access token");
    }
    return {
      userId: payload.sub,
      sessionId: payload.sid,
      clinicId: typeof payload.cid === "string" ? payload.cid : null,
      isSuperadmin: payload.sa === true,
      expiresAt: payload.exp,
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw unauthorized("TOKEN_EXPIRED", "Access token expired");
    }
    if (error instanceof errors.JOSEError || error instanceof TypeError) {
      throw unauthorized("INVALID_TOKEN", "Invalid access token");
    }
    throw error;
  }
}
