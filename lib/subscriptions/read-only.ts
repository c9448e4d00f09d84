/**
 * The read-only state of a clinic whose trial ran out or that is suspended:
 * one middleware, in front of every route, refuses the clinic's members
 * every change (JSON API and form posts alike) with a 402 naming why, while
 * reads go on as before and nothing is deleted. Platform administrators
 * (whose sessions carry no clinic) and public links are not affected.
 *
 * @example
 * ```ts
 * app.use(refuseWritesWhenReadOnly());
 * ```
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { AppError } from "../errors.ts";
import { readAccessToken } from "../auth/cookies.ts";
import { isReadOnly, type SubscriptionState, subscriptionState } from "./state.ts";

export interface ReadOnlyOptions {
  /**
   * Paths (prefixes) that stay writable in the read-only state: signing in
   * and out, and ending one's own sessions, which change no clinic data.
   */
  exempt?: readonly string[];
  /** The clock; tests move it. */
  now?: () => Date;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const DEFAULT_EXEMPT = ["/login", "/logout", "/api/v1/auth/", "/account/sessions"];

/** The refusal a read-only clinic's write gets; also the words of the shell's banner. */
export function readOnlyError(state: SubscriptionState): AppError {
  return state.kind === "suspended"
    ? new AppError(
      402,
      "SUBSCRIPTION_SUSPENDED",
      "This clinic's subscription is suspended, so its data is read-only. Nothing has been " +
        "deleted; contact OdontoX to reactivate it.",
    )
    : new AppError(
      402,
      "TRIAL_EXPIRED",
      "This clinic's free trial has ended, so its data is read-only. Nothing has been deleted; " +
        "upgrade to a paid plan to make changes again.",
    );
}

export function refuseWritesWhenReadOnly(options: ReadOnlyOptions = {}): MiddlewareHandler<AppEnv> {
  const exempt = options.exempt ?? DEFAULT_EXEMPT;
  const now = options.now ?? (() => new Date());
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return await next();
    const path = new URL(c.req.url).pathname;
    if (exempt.some((prefix) => path === prefix || path.startsWith(prefix))) return await next();
    const token = readAccessToken(c);
    if (!token) return await next();
    // A token that does not verify is the route guard's to answer (401 or sign-in).
    const principal = await c.var.deps.auth.authenticate(token).catch(() => null);
    if (!principal?.clinicId) return await next();
    const facts = await c.var.deps.principals.load(principal.userId, principal.clinicId);
    const clinic = facts?.clinicState;
    if (clinic) {
      const state = subscriptionState(clinic, now(), c.var.deps.config.trialDays);
      if (isReadOnly(state)) throw readOnlyError(state);
    }
    await next();
  };
}
