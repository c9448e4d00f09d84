/**
 * A booking-form field: the kit's `Field` for label and hint, with the error
 * drawn here so it carries `data-field-error` (the field's form name), which
 * tests and the browser hooks read.
 */
import type { ComponentChildren } from "preact";
import { Field } from "../ui/mod.ts";

export const bookingFieldId = (name: string) => `booking-${name}`;

export function FieldError({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <p
      id={`${bookingFieldId(name)}-error`}
      class="mt-1.5 text-sm text-red-700"
      data-field-error={name}
    >
      {error}
    </p>
  );
}

export function BookingField(
  { name, label, error, hint, class: extra, children }: {
    name: string;
    label: string;
    error?: string;
    hint?: ComponentChildren;
    class?: string;
    children: ComponentChildren;
  },
) {
  return (
    <Field id={bookingFieldId(name)} label={label} hint={error ? undefined : hint} class={extra}>
      {children}
      <FieldError name={name} error={error} />
    </Field>
  );
}

/** The props tying a control to its field: id, name, error state and message. */
export function fieldControl(name: string, errors: Record<string, string>) {
  const id = bookingFieldId(name);
  return {
    id,
    name,
    invalid: Boolean(errors[name]),
    "aria-describedby": errors[name] ? `${id}-error` : undefined,
  };
}
