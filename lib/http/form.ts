/**
 * HTML forms at the boundary, parsed through zod like JSON bodies, with one
 * rule for what the user sees: a refusal they can fix (4xx other than
 * 401/403/404) re-renders the form with the message and the values they
 * entered; everything else goes to the one error handler.
 *
 * @example
 * ```ts
 * .post("/staff/invitations", staffPage({ permission: "staff.invite" }), (c) =>
 *   submitForm(c, invitationForm, {
 *     onValid: async (input) => {
 *       await inviteMember(c.var.deps.db, { clinicId: c.var.clinicId, ...input });
 *       return c.redirect("/staff?notice=invited", 303);
 *     },
 *     onProblem: (values, problem) => c.render(<StaffPage invite={{ values, problem }} />, head),
 *   }))
 * ```
 */
import type { Context } from "hono";
import type { z, ZodType } from "zod";
import { AppError } from "../errors.ts";

/** What the browser sent, as text; a field sent more than once keeps its last value. */
export type FormValues = Record<string, string>;

export interface FormProblem {
  status: number;
  /** One sentence for the top of the form. */
  message: string;
  /** Field name → message, for the fields at fault. */
  fields: Record<string, string>;
  code: string;
  /** The rest of what the refusal carried (e.g. the id of a clashing appointment). */
  extra: Record<string, unknown>;
}

/** Refusals a person can act on. 401/403/404 are not about the form and get their own pages. */
export function isFormUserError(error: unknown): error is AppError {
  return error instanceof AppError && error.status >= 400 && error.status < 500 &&
    ![401, 403, 404].includes(error.status);
}

export async function readFormValues(c: Context): Promise<FormValues> {
  const form = await c.req.formData().catch(() => new FormData());
  const values: FormValues = {};
  for (const [key, value] of form) if (typeof value === "string") values[key] = value;
  return values;
}

/** A zod failure as the 400 a form shows: every bad field named, the first message on top. */
export function formValidationError(
  issues: readonly { path: PropertyKey[]; message: string }[],
): AppError {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[String(issue.path[0] ?? "form")] ??= issue.message;
  const message = issues.length === 1
    ? issues[0].message
    : `Please correct the ${Object.keys(fields).length} highlighted fields.`;
  return new AppError(400, "VALIDATION_FAILED", message, { fields });
}

/** Parses `values` with `schema`, throwing the form's 400 on a bad field. */
export function parseFormValues<S extends ZodType>(schema: S, values: FormValues): z.output<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw formValidationError(parsed.error.issues);
  return parsed.data;
}

export function formProblem(error: AppError): FormProblem {
  const { fields: extraFields, ...extra } = error.extra as {
    fields?: Record<string, string>;
    [key: string]: unknown;
  };
  const field = typeof extra.field === "string" ? extra.field : undefined;
  return {
    status: error.status,
    message: error.message,
    fields: extraFields ?? (field ? { [field]: error.message } : {}),
    code: error.code,
    extra,
  };
}

export interface FormHandlers<T> {
  /** Does the work and answers (usually a 303 redirect). */
  onValid(input: T, values: FormValues): Response | Promise<Response>;
  /** Renders the form again; the response status is already the problem's. */
  onProblem(values: FormValues, problem: FormProblem): Response | Promise<Response>;
}

/** Reads, validates and submits a form under the one user-error rule. */
export async function submitForm<S extends ZodType>(
  c: Context,
  schema: S,
  handlers: FormHandlers<z.output<S>>,
): Promise<Response> {
  const values = await readFormValues(c);
  try {
    return await handlers.onValid(parseFormValues(schema, values), values);
  } catch (error) {
    if (!isFormUserError(error)) throw error;
    c.status(error.status);
    return await handlers.onProblem(values, formProblem(error));
  }
}
