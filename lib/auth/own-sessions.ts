/** "My sessions": a user lists and ends their own sessions, never anyone else's. */
import { describeDevice } from "./device-name.ts";
import type { Session, SessionStore } from "./sessions.ts";

export interface OwnSession {
  session: Session;
  /** A readable name for the device, from its User-Agent. */
  device: string;
}

export async function listOwnSessions(
  sessions: SessionStore,
  userId: string,
): Promise<OwnSession[]> {
  return (await sessions.listForUser(userId)).map((session) => ({
    session,
    device: describeDevice(session.userAgent),
  }));
}

/**
 * Ends one of the user's sessions. Someone else's session id is treated
 * exactly like an unknown one: nothing happens, and nothing says it exists.
 */
export async function revokeOwnSession(
  sessions: SessionStore,
  userId: string,
  sessionId: string,
): Promise<void> {
  const session = await sessions.get(sessionId);
  if (session && session.userId === userId) await sessions.revoke(sessionId);
}
