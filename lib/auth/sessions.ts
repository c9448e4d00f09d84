/**
 * Sessions and rotating refresh tokens in Deno KV.
 *
 * A refresh token is 32 random bytes; KV keeps only its SHA-256. Rotating
 * marks the presented token `_used` and issues its successor in one atomic
 * operation checked on both versionstamps, so of any number of concurrent
 * rotations exactly one commits. Any later presentation of a used token is a
 * replay (release notes, "Refresh Token Rotation in KV"): the whole session
 * is revoked, including the successor the legitimate holder received.
 */
import { unauthorized } from "../errors.ts";

export interface Session {
  id: string;
  userId: string;
  clinicId: string | null;
  /** SHA-256 of the refresh token currently valid for this session. */
  refreshHash: string;
  createdAt: number;
  lastRefreshedAt: number;
  userAgent: string;
  ip: string;
}

interface RefreshRecord {
  sessionId: string;
  userId: string;
  issuedAt: number;
  /** Set when the token was rotated; a token carrying it must never be accepted again. */
  _used?: number;
}

const sessionKey = (id: string) => ["session", id];
const userSessionKey = (userId: string, id: string) => ["user_session", userId, id];
const refreshKey = (hash: string) => ["refresh", hash];

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

export async function hashRefreshToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return base64url(new Uint8Array(digest));
}

function newRefreshToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

// A well-formed token is 43 base64url characters; anything else is rejected before hashing.
const REFRESH_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface SessionStoreOptions {
  refreshTtlSeconds: number;
  /** Runs after a session's end is committed, before `revoke` returns (`LiveSessions.ended`). */
  onEnded?: (sessionId: string) => Promise<void>;
}

export interface NewSession {
  session: Session;
  refreshToken: string;
}

export class SessionStore {
  constructor(private kv: Deno.Kv, private options: SessionStoreOptions) {}

  private get expireIn() {
    return this.options.refreshTtlSeconds * 1000;
  }

  async create(
    input: { userId: string; clinicId: string | null; userAgent: string; ip: string },
    now = Date.now(),
  ): Promise<NewSession> {
    const refreshToken = newRefreshToken();
    const refreshHash = await hashRefreshToken(refreshToken);
    const session: Session = {
      id: crypto.randomUUID(),
      ...input,
      userAgent: input.userAgent.slice(0, 300),
      refreshHash,
      createdAt: now,
      lastRefreshedAt: now,
    };
    const record: RefreshRecord = { sessionId: session.id, userId: input.userId, issuedAt: now };
    const expireIn = this.expireIn;
    const result = await this.kv.atomic()
      .check({ key: sessionKey(session.id), versionstamp: null })
      .set(sessionKey(session.id), session, { expireIn })
      .set(userSessionKey(input.userId, session.id), session.id, { expireIn })
      .set(refreshKey(refreshHash), record, { expireIn })
      .commit();
    if (!result.ok) throw new Error("session id collision");
    return { session, refreshToken };
  }

  async get(id: string): Promise<Session | null> {
    return (await this.kv.get<Session>(sessionKey(id))).value;
  }

  /**
   * Exchanges a refresh token for its successor. Throws 401 `INVALID_TOKEN`
   * for a token this server never issued (or that expired), and 401
   * `SESSION_REVOKED` for a replayed one, after revoking its session.
   */
  async rotate(refreshToken: string, now = Date.now()): Promise<NewSession> {
    if (!REFRESH_TOKEN_SHAPE.test(refreshToken)) {
      throw unauthorized("INVALID_TOKEN", "Invalid refresh token");
    }
    const presentedHash = await hashRefreshToken(refreshToken);
    const presented = await this.kv.get<RefreshRecord>(refreshKey(presentedHash));
    if (!presented.value) throw unauthorized("INVALID_TOKEN", "Invalid refresh token");
    const { sessionId } = presented.value;
    const current = await this.kv.get<Session>(sessionKey(sessionId));
    if (presented.value._used || !current.value || current.value.refreshHash !== presentedHash) {
      await this.revoke(sessionId);
      throw unauthorized("SESSION_REVOKED", "Session revoked");
    }

    const successor = newRefreshToken();
    const successorHash = await hashRefreshToken(successor);
    const session: Session = { ...current.value, refreshHash: successorHash, lastRefreshedAt: now };
    const expireIn = this.expireIn;
    const committed = await this.kv.atomic()
      .check(presented)
      .check(current)
      .set(refreshKey(presentedHash), { ...presented.value, _used: now }, { expireIn })
      .set(
        refreshKey(successorHash),
        {
          sessionId,
          userId: session.userId,
          issuedAt: now,
        } satisfies RefreshRecord,
        { expireIn },
      )
      .set(sessionKey(sessionId), session, { expireIn })
      .set(userSessionKey(session.userId, sessionId), sessionId, { expireIn })
      .commit();
    if (!committed.ok) {
      // A concurrent rotation of the same token won: this presentation is a replay.
      await this.revoke(sessionId);
      throw unauthorized("SESSION_REVOKED", "Session revoked");
    }
    return { session, refreshToken: successor };
  }

  /** Looks up the session a refresh token belongs to without rotating it. */
  async sessionIdForRefreshToken(refreshToken: string): Promise<string | null> {
    if (!REFRESH_TOKEN_SHAPE.test(refreshToken)) return null;
    const record = await this.kv.get<RefreshRecord>(
      refreshKey(await hashRefreshToken(refreshToken)),
    );
    return record.value?.sessionId ?? null;
  }

  /** Ends a session: its access tokens stop working at once, its refresh token too. */
  async revoke(sessionId: string): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.kv.get<Session>(sessionKey(sessionId));
      if (!current.value) return false;
      const { userId, refreshHash, lastRefreshedAt } = current.value;
      // The live refresh token is marked rather than deleted, so presenting it
      // later still answers "revoked" instead of "unknown".
      const retired: RefreshRecord = {
        sessionId,
        userId,
        issuedAt: lastRefreshedAt,
        _used: Date.now(),
      };
      const result = await this.kv.atomic()
        .check(current)
        .delete(sessionKey(sessionId))
        .delete(userSessionKey(userId, sessionId))
        .set(refreshKey(refreshHash), retired, { expireIn: this.expireIn })
        .commit();
      if (!result.ok) continue;
      await this.options.onEnded?.(sessionId);
      return true;
    }
    throw new Error(`could not revoke session ${sessionId}: too much contention`);
  }

  async listForUser(userId: string): Promise<Session[]> {
    const sessions: Session[] = [];
    for await (const entry of this.kv.list<string>({ prefix: ["user_session", userId] })) {
      const session = await this.get(entry.value);
      if (session) sessions.push(session);
    }
    return sessions.sort((a, b) => b.lastRefreshedAt - a.lastRefreshedAt);
  }

  async revokeAllForUser(userId: string): Promise<number> {
    let count = 0;
    for await (const entry of this.kv.list<string>({ prefix: ["user_session", userId] })) {
      if (await this.revoke(entry.value)) count++;
    }
    return count;
  }
}
