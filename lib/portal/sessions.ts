/**
 * Patient portal sessions: an opaque cookie token whose SHA-256 keys a record
 * in Deno KV. Patients sign in rarely and do little, so one lookup per
 * request is cheap, and a session ends at once when its record is deleted
 * (sign-out, or a new password set through a fresh invitation).
 *
 * Deliberately apart from the staff sessions (JWT access tokens and rotating
 * refresh tokens in `lib/auth/sessions.ts`): a portal token can never be
 * presented where a staff token is expected, and the staff guards refuse any
 * request that carries one (`lib/auth/middleware.ts`).
 */
import { hashRefreshToken as sha256Base64url } from "../auth/sessions.ts";
import { newToken, TOKEN_SHAPE } from "../staff/invitations.ts";

export interface PortalSession {
  accountId: string;
  patientId: string;
  clinicId: string;
  createdAt: number;
}

const sessionKey = (hash: string) => ["portal_session", hash];
const accountSessionKey = (accountId: string, hash: string) => [
  "portal_account_session",
  accountId,
  hash,
];

export async function openPortalSession(
  kv: Deno.Kv,
  session: Omit<PortalSession, "createdAt">,
  ttlSeconds: number,
  now = Date.now(),
): Promise<string> {
  const token = newToken();
  const hash = await sha256Base64url(token);
  const expireIn = ttlSeconds * 1000;
  const record: PortalSession = { ...session, createdAt: now };
  const result = await kv.atomic()
    .check({ key: sessionKey(hash), versionstamp: null })
    .set(sessionKey(hash), record, { expireIn })
    .set(accountSessionKey(session.accountId, hash), true, { expireIn })
    .commit();
  if (!result.ok) throw new Error("portal session collision");
  return token;
}

/** The session a cookie names, or null for an unknown, malformed or ended one. */
export async function readPortalSession(
  kv: Deno.Kv,
  token: string | undefined,
): Promise<PortalSession | null> {
  if (!token || !TOKEN_SHAPE.test(token)) return null;
  return (await kv.get<PortalSession>(sessionKey(await sha256Base64url(token)))).value;
}

export async function endPortalSession(kv: Deno.Kv, token: string | undefined): Promise<void> {
  if (!token || !TOKEN_SHAPE.test(token)) return;
  const hash = await sha256Base64url(token);
  const session = await kv.get<PortalSession>(sessionKey(hash));
  const op = kv.atomic().delete(sessionKey(hash));
  if (session.value) op.delete(accountSessionKey(session.value.accountId, hash));
  await op.commit();
}

/** Ends every session of an account: its password changed, or it was removed. */
export async function endAccountSessions(kv: Deno.Kv, accountId: string): Promise<number> {
  let ended = 0;
  for await (const entry of kv.list({ prefix: ["portal_account_session", accountId] })) {
    const hash = entry.key[2] as string;
    await kv.atomic().delete(sessionKey(hash)).delete(entry.key).commit();
    ended++;
  }
  return ended;
}
