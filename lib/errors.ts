/**
 * The one error path: domain code throws `AppError`, and `errorResponse`
 * turns it into `{ error, code }` JSON with its status. Anything else is a 500
 * whose details stay in the server log.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Extra fields merged into the JSON body, e.g. `{ permission }`. */
    readonly extra: Record<string, unknown> = {},
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  toJSON(): Record<string, unknown> {
    return { error: this.message, code: this.code, ...this.extra };
  }
}

export const badRequest = (message: string, extra?: Record<string, unknown>) =>
  new AppError(400, "BAD_REQUEST", message, extra);
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);
export const forbidden = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(403, code, message, extra);
export const notFound = (message = "Not found") => new AppError(404, "NOT_FOUND", message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(429, "RATE_LIMITED", "Too many attempts; try again later", { retryAfterSeconds }, {
    "Retry-After": String(retryAfterSeconds),
  });
