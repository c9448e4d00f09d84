/**
 * Sign-in, refresh and sign-out: the session model of the release notes
 * ("Rotating Refresh Tokens & Session Architecture") over Postgres and KV.
 */
import { eq, isNull, sql } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { clinics, users } from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, tooManyRequests, unauthorized } from "../errors.ts";
import { signAccessToken, verifyAccessToken } from "./access-tokens.ts";
import {
  findAccountByEmail,
  findAccountById,
  membershipIn,
  normaliseEmail,
  primaryMembership,
} from "./accounts.ts";
import { burnPasswordCheck, verifyPassword } from "./passwords.ts";
import { clearRateLimit, hitRateLimit, peekRateLimit, type RateLimitRule } from "./rate-limit.ts";
import { type Session, SessionStore } from "./sessions.ts";
import { publishAccessChange, publishSessionEnded } from "../events/publish.ts";
import type { EventSubscription, SessionEndWatcher } from "../events/hub.ts";
import { LiveSessions } from "./live-sessions.ts";

export type AuthConfig = Pick<
  Config,
  | "jwtSecret"
  | "accessTokenTtlSeconds"
  | "refreshTokenTtlSeconds"
  | "loginLimitPerIp"
  | "loginLimitPerAccount"
  | "loginLimitWindowSeconds"
>;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** Access-token expiry, epoch milliseconds. */
  expiresAt: number;
  session: Session;
}

/** Who is making a request, as proven by a live access token. */
export interface Principal {
  userId: string;
  sessionId: string;
  clinicId: string | null;
  isSuperadmin: boolean;
  /** Access-token expiry, epoch milliseconds. */
  expiresAt: number;
}

export interface ClientInfo {
  ip: string;
  userAgent: string;
}

export interface AuthServiceOptions {
  /**
   * This instance's event hub: with it, sessions found alive are remembered
   * until one ends (`LiveSessions`); without it, every request reads KV.
   */
  sessionEnds?: { watchSessionEnds(watch: SessionEndWatcher): Promise<EventSubscription> };
}

export class AuthService {
  readonly sessions: SessionStore;
  readonly liveSessions: LiveSessions | null;

  constructor(
    private db: Db,
    private kv: Deno.Kv,
    private config: AuthConfig,
    options: AuthServiceOptions = {},
  ) {
    this.liveSessions = options.sessionEnds
      ? new LiveSessions({
        changes: options.sessionEnds,
        announce: (sessionId) => publishSessionEnded(db, sessionId),
      })
      : null;
    const live = this.liveSessions;
    this.sessions = new SessionStore(kv, {
      refreshTtlSeconds: config.refreshTokenTtlSeconds,
      onEnded: live ? (sessionId) => live.ended(sessionId) : undefined,
    });
  }

  private get ipRule(): RateLimitRule {
    return {
      limit: this.config.loginLimitPerIp,
      windowSeconds: this.config.loginLimitWindowSeconds,
    };
  }

  private get accountRule(): RateLimitRule {
    return {
      limit: this.config.loginLimitPerAccount,
      windowSeconds: this.config.loginLimitWindowSeconds,
    };
  }

  /**
   * Checks the password and opens a session. Every attempt counts against the
   * client IP; failed attempts count against the account, so guessing one
   * account's password from many addresses is slowed down too.
   */
  async login(
    input: { email: string; password: string },
    client: ClientInfo,
    now = new Date(),
  ): Promise<IssuedTokens> {
    const email = normaliseEmail(input.email);
    const byIp = await hitRateLimit(this.kv, ["login_ip", client.ip], this.ipRule, now.getTime());
    if (!byIp.allowed) throw tooManyRequests(byIp.retryAfterSeconds);
    const byAccount = await peekRateLimit(
      this.kv,
      ["login_account", email],
      this.accountRule,
      now.getTime(),
    );
    if (!byAccount.allowed) throw tooManyRequests(byAccount.retryAfterSeconds);

    const account = await findAccountByEmail(this.db, email);
    const passwordOk = account
      ? await verifyPassword(input.password, account.passwordHash)
      : (await burnPasswordCheck(input.password), false);
    const membership = account && passwordOk && !account.isSuperadmin
      ? await primaryMembership(this.db, account.id)
      : null;
    // A staff account without an active clinic cannot sign in; it answers like a wrong password.
    if (!account || !passwordOk || (!account.isSuperadmin && !membership)) {
      await hitRateLimit(this.kv, ["login_account", email], this.accountRule, now.getTime());
      throw unauthorized("INVALID_CREDENTIALS", "Email or password is incorrect");
    }
    await clearRateLimit(this.kv, ["login_account", email], this.accountRule, now.getTime());

    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, account.id));
      // The account's last sign-in is part of what every instance keeps of it.
      await publishAccessChange(tx, { userId: account.id });
      if (membership) {
        // Only a sign-in that got this far (password right, membership active) starts the
        // trial clock, and only the first: the clinic's later sign-ins find it set.
        const started = await tx.update(clinics).set({ trialStartedAt: now }).where(
          sql`${clinics.id} = ${membership.clinicId} and ${isNull(clinics.trialStartedAt)}`,
        ).returning({ id: clinics.id });
        // Every member's cached view of the clinic carries the trial's start.
        if (started.length) await publishAccessChange(tx, { clinicId: membership.clinicId });
      }
      await recordActivity(tx, {
        clinicId: membership?.clinicId ?? null,
        actorId: account.id,
        action: "auth.login",
        entityType: "user",
        entityId: account.id,
        details: { ip: client.ip, userAgent: client.userAgent.slice(0, 200) },
      });
    });

    const { session, refreshToken } = await this.sessions.create({
      userId: account.id,
      clinicId: membership?.clinicId ?? null,
      ...client,
    }, now.getTime());
    return await this.issue(session, refreshToken, account.isSuperadmin, now);
  }

  /** Rotates a refresh token; the account must still be allowed in. */
  async refresh(refreshToken: string, now = new Date()): Promise<IssuedTokens> {
    const { session, refreshToken: successor } = await this.sessions.rotate(
      refreshToken,
      now.getTime(),
    );
    const account = await findAccountById(this.db, session.userId);
    const stillMember = account && (account.isSuperadmin ||
      (session.clinicId && await membershipIn(this.db, account.id, session.clinicId)));
    if (!stillMember) {
      await this.sessions.revoke(session.id);
      throw unauthorized("SESSION_REVOKED", "Session revoked");
    }
    return await this.issue(session, successor, account.isSuperadmin, now);
  }

  private async issue(
    session: Session,
    refreshToken: string,
    isSuperadmin: boolean,
    now: Date,
  ): Promise<IssuedTokens> {
    const { token, expiresAt } = await signAccessToken(
      { userId: session.userId, sessionId: session.id, clinicId: session.clinicId, isSuperadmin },
      this.config.jwtSecret,
      this.config.accessTokenTtlSeconds,
      now,
    );
    return { accessToken: token, refreshToken, expiresAt: expiresAt * 1000, session };
  }

  /**
   * Verifies an access token and that its session is still alive, so a
   * sign-out takes effect at once rather than when the token runs out.
   */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = await verifyAccessToken(accessToken, this.config.jwtSecret);
    const read = () => this.sessions.get(claims.sessionId);
    const alive = this.liveSessions
      ? await this.liveSessions.isAlive(claims.sessionId, claims.userId, read)
      : (await read())?.userId === claims.userId;
    if (!alive) throw unauthorized("SESSION_REVOKED", "Session revoked");
    return { ...claims, expiresAt: claims.expiresAt * 1000 };
  }

  async logout(sessionId: string): Promise<void> {
    await this.sessions.revoke(sessionId);
  }
}

export function isAuthError(error: unknown): error is AppError {
  return error instanceof AppError && error.status === 401;
}
