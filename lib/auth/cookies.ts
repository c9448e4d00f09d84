/**
 * The two staff session cookies, and the patient portal's one. HttpOnly, so
 * page scripts never see a token. A browser holds one kind of session at a
 * time: opening a staff session drops the patient's cookie, and the portal's
 * sign-in drops the staff cookies.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { IssuedTokens } from "./auth-service.ts";

export const ACCESS_COOKIE = "odx_at";
export const REFRESH_COOKIE = "odx_rt";
/** A patient portal session (lib/portal/sessions.ts): every staff guard refuses a request carrying it. */
export const PATIENT_COOKIE = "odx_ps";

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** `Secure` everywhere except plain-http loopback, where browsers would drop the cookie. */
function secureFor(c: Context): boolean {
  const url = new URL(c.req.url);
  return !(url.protocol === "http:" && LOOPBACK.test(url.hostname));
}

export function setSessionCookies(
  c: Context,
  tokens: IssuedTokens,
  ttl: { accessSeconds: number; refreshSeconds: number },
): void {
  const secure = secureFor(c);
  setCookie(c, ACCESS_COOKIE, tokens.accessToken, {
    httpOnly: true,
    secure,
    sameSite: "Lax",
    path: "/",
    maxAge: ttl.accessSeconds,
  });
  setCookie(c, REFRESH_COOKIE, tokens.refreshToken, {
    httpOnly: true,
    secure,
    sameSite: "Lax",
    path: "/",
    maxAge: ttl.refreshSeconds,
  });
  // Only when the browser holds one: a sign-in answers with exactly its own two cookies otherwise.
  if (getCookie(c, PATIENT_COOKIE) !== undefined) {
    deleteCookie(c, PATIENT_COOKIE, { path: "/", secure });
  }
}

export function clearSessionCookies(c: Context): void {
  const secure = secureFor(c);
  deleteCookie(c, ACCESS_COOKIE, { path: "/", secure });
  deleteCookie(c, REFRESH_COOKIE, { path: "/", secure });
}

export function readAccessToken(c: Context): string | undefined {
  const header = c.req.header("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? getCookie(c, ACCESS_COOKIE);
}

export function readRefreshCookie(c: Context): string | undefined {
  return getCookie(c, REFRESH_COOKIE);
}

export function setPatientSessionCookie(c: Context, token: string, maxAgeSeconds: number): void {
  const secure = secureFor(c);
  if (getCookie(c, ACCESS_COOKIE) !== undefined || getCookie(c, REFRESH_COOKIE) !== undefined) {
    clearSessionCookies(c);
  }
  setCookie(c, PATIENT_COOKIE, token, {
    httpOnly: true,
    secure,
    sameSite: "Lax",
    path: "/",
    maxAge: maxAgeSeconds,
  });
}

export function clearPatientSessionCookie(c: Context): void {
  deleteCookie(c, PATIENT_COOKIE, { path: "/", secure: secureFor(c) });
}

export function readPatientSessionCookie(c: Context): string | undefined {
  return getCookie(c, PATIENT_COOKIE);
}
