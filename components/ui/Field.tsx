/**
 * A labelled form field: label, the control, a hint, and the error message
 * for this field, tied to the control with `aria-describedby` by id.
 *
 * @example
 * ```tsx
 * <Field id="invite-email" label="Email" error={problem?.fields.email}>
 *   <Input id="invite-email" name="email" invalid={!!problem?.fields.email}
 *     aria-describedby="invite-email-error" />
 * </Field>
 * ```
 */
import type { ComponentChildren } from "preact";

export function Field(
  { id, name, label, hint, error, optional, class: extra = "", children }: {
    /** The control's id: the label points at it, and messages get `${id}-hint` / `${id}-error`. */
    id: string;
    /** The form field's name, carried by the error as `data-field-error` for scripts and tests. */
    name?: string;
    label: ComponentChildren;
    hint?: ComponentChildren;
    error?: string;
    optional?: boolean;
    class?: string;
    children: ComponentChildren;
  },
) {
  return (
    <div class={extra}>
      <label for={id} class="block text-sm font-medium text-slate-700">
        {label}
        {optional && <span class="ml-1 font-normal text-slate-500">(optional)</span>}
      </label>
      <div class="mt-1.5">{children}</div>
      {hint && !error && <p id={`${id}-hint`} class="mt-1.5 text-xs text-slate-500">{hint}</p>}
      {error && (
        <p id={`${id}-error`} class="mt-1.5 text-sm text-red-700" data-field-error={name ?? id}>
          {error}
        </p>
      )}
    </div>
  );
}
