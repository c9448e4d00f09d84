/**
 * A supplier's fields, shared by the "Add a supplier" card and the edit page,
 * so both ask the same questions and show the same messages under each field.
 */
import { Field, Input, Notice, Textarea } from "../ui/mod.ts";

export function SupplierFields(
  { values, errors }: {
    values: Record<string, string | null | undefined>;
    /** Field → message; `form` for a message about the whole form. */
    errors?: Record<string, string>;
  },
) {
  const e = errors ?? {};
  const v = (name: string) => values[name] ?? "";
  return (
    <>
      {e.form && <Notice tone="error">{e.form}</Notice>}
      <Field id="supplier-name" name="name" label="Name" error={e.name}>
        <Input
          id="supplier-name"
          name="name"
          value={v("name")}
          invalid={!!e.name}
          required
          maxLength={120}
        />
      </Field>
      <Field
        id="supplier-contactPerson"
        name="contactPerson"
        label="Contact person"
        optional
        error={e.contactPerson}
      >
        <Input
          id="supplier-contactPerson"
          name="contactPerson"
          value={v("contactPerson")}
          invalid={!!e.contactPerson}
        />
      </Field>
      <Field
        id="supplier-phone"
        name="phone"
        label="Phone"
        optional
        error={e.phone}
        hint="+92 is assumed, e.g. 0300 1234567"
      >
        <Input
          id="supplier-phone"
          name="phone"
          type="tel"
          value={v("phone")}
          invalid={!!e.phone}
        />
      </Field>
      <Field id="supplier-email" name="email" label="Email" optional error={e.email}>
        <Input
          id="supplier-email"
          name="email"
          type="email"
          value={v("email")}
          invalid={!!e.email}
        />
      </Field>
      <Field id="supplier-notes" name="notes" label="Notes" optional error={e.notes}>
        <Textarea id="supplier-notes" name="notes" rows={3}>{v("notes")}</Textarea>
      </Field>
    </>
  );
}
