/** Turns anything thrown by a route into its response: JSON under /api, an HTML page elsewhere. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AppError } from "../errors.ts";

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

export function errorHandler(pages: ErrorPages) {
  return (error: Error, c: Context): Response => {
    const known = toAppError(error);
    if (!known) console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
    const appError = known ?? new AppError(500, "INTERNAL", "Something went wrong on our side");
    if (new URL(c.req.url).pathname.startsWith("/api/")) {
      for (const [name, value] of Object.entries(appError.headers)) c.header(name, value);
      return c.json(appError.toJSON(), appError.status);
    }
    for (const [name, value] of Object.entries(appError.headers)) c.header(name, value);
    return pages.page(c, appError.status, appError.message);
  };
}
