/** Turns anything thrown by a route into its response: JSON under /api, an HTML page elsewhere. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError } from "../errors.ts";
import { describeFailure, type LogContext } from "../observability/log-context.ts";
import { reportServerError } from "../observability/sentry-server.ts";

export interface ErrorPages {
  page: (c: Context, status: number, message: string) => Response;
}

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPException) {
    const code = error.status === 400 ? "BAD_REQUEST" : `HTTP_${error.status}`;
    return new AppError(error.status as AppError["status"], code, error.message || "Bad request");
  }
  return null;
}

/**
 * What a failure is about: the matched route pattern (never the concrete
 * path, which can hold a respond or shared-link token), the clinic and the
 * user, by id only.
 */
export function failureContext(c: Context): LogContext {
  const vars = c.var as {
    clinicId?: string;
    principal?: { userId: string; clinicId: string | null };
  };
  return {
    route: c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "(unmatched)",
    method: c.req.method,
    clinic: vars.clinicId ?? vars.principal?.clinicId ?? undefined,
    user: vars.principal?.userId,
  };
}

export function errorHandler(pages: ErrorPages) {
  return (error: Error, c: Context): Response => {
    const known = toAppError(error);
    // Only failures on our side are logged (and exported as ERROR records) and reported to
    // Sentry: a 4xx is the caller's mistake, answered and forgotten.
    if (!known || known.status >= 500) {
      const context = failureContext(c);
      console.error(describeFailure(`${c.req.method} ${context.route} failed`, error, context));
      reportServerError(error, context);
    }
    const appError = known ?? new AppError(500, "INTERNAL", "Something went wrong on our side");
    if (new URL(c.req.url).pathname.startsWith("/api/")) {
      for (const [name, value] of Object.entries(appError.headers)) c.header(name, value);
      return c.json(appError.toJSON(), appError.status);
    }
    for (const [name, value] of Object.entries(appError.headers)) c.header(name, value);
    return pages.page(c, appError.status, appError.message);
  };
}
