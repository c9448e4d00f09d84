/** zod at the boundary: bad input is a 4xx with a message a client developer can act on. */
import { zValidator } from "@hono/zod-validator";
import type { ZodType } from "zod";
import { AppError } from "../errors.ts";

function describe(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ` : "") + issue.message)
    .join("; ");
}

/**
 * Validates a JSON body. A body sent with another content type is a 415, a
 * body that is not JSON a 400 (from Hono's validator), one of the wrong shape
 * a 400 naming each bad field.
 */
export function jsonBody<T extends ZodType>(schema: T) {
  return zValidator("json", schema, (result, c) => {
    if (result.success) return;
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
      throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
    }
    throw new AppError(400, "VALIDATION_FAILED", describe(result.error.issues), {
      issues: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  });
}
