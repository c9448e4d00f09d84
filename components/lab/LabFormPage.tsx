/** Adding or editing one lab (Settings → Lab). */
import type { FormValues } from "../../lib/http/form.ts";
import { CASE_TYPE_LABELS, LAB_CASE_TYPES } from "../../lib/lab/statuses.ts";
import { Button, ButtonLink, Card, Field, Input, Notice, PageHeader, Textarea } from "../ui/mod.ts";
import { BackLink } from "../patients/BackLink.tsx";

export function LabFormPage(
  { labId, values, problem }: {
    labId: string | null;
    values: FormValues;
    problem?: { message: string; fields: Record<string, string> } | null;
  },
) {
  const errors = problem?.fields ?? {};
  const action = labId ? `/settings/lab/labs/${labId}` : "/settings/lab/labs/new";
  return (
    <>
      <BackLink href="/settings/lab" label="Lab settings" />
      <PageHeader title={labId ? `Edit ${values.name || "lab"}` : "Add a lab"} />
      {problem && <Notice tone="error">{problem.message}</Notice>}
      <form method="post" action={action} class="space-y-6">
        <Card title="Lab">
          <div class="grid gap-5 p-5 sm:grid-cols-2">
            <Field id="lab-name" label="Name" error={errors.name}>
              <Input
                id="lab-name"
                name="name"
                value={values.name ?? ""}
                required
                maxLength={120}
                invalid={!!errors.name}
              />
            </Field>
            <Field id="lab-contact" label="Contact person" optional error={errors.contactPerson}>
              <Input
                id="lab-contact"
                name="contactPerson"
                value={values.contactPerson ?? ""}
                maxLength={120}
              />
            </Field>
            <Field
              id="lab-phone"
              label="Phone"
              optional
              error={errors.phone}
              hint="+92 by default, e.g. 0300 1234567"
            >
              <Input
                id="lab-phone"
                name="phone"
                type="tel"
                value={values.phone ?? ""}
                invalid={!!errors.phone}
              />
            </Field>
            <Field id="lab-email" label="Email" optional error={errors.email}>
              <Input
                id="lab-email"
                name="email"
                type="email"
                value={values.email ?? ""}
                invalid={!!errors.email}
              />
            </Field>
            <Field id="lab-notes" label="Notes" optional class="sm:col-span-2">
              <Textarea id="lab-notes" name="notes" rows={3} maxLength={2000}>
                {values.notes ?? ""}
              </Textarea>
            </Field>
            <label class="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                name="active"
                checked={values.active !== undefined}
                class="h-4 w-4 accent-brand-600"
              />
              Takes new cases
            </label>
          </div>
        </Card>
        <Card title="Turnaround (working days)">
          <div class="grid gap-4 p-5 sm:grid-cols-3">
            <Field id="lab-days" label="Default" error={errors.defaultTurnaroundDays}>
              <Input
                id="lab-days"
                name="defaultTurnaroundDays"
                type="number"
                min={1}
                max={90}
                required
                value={values.defaultTurnaroundDays ?? "7"}
                invalid={!!errors.defaultTurnaroundDays}
              />
            </Field>
            {LAB_CASE_TYPES.map((type) => (
              <Field key={type} id={`lab-days-${type}`} label={CASE_TYPE_LABELS[type]} optional>
                <Input
                  id={`lab-days-${type}`}
                  name={`days-${type}`}
                  type="number"
                  min={1}
                  max={90}
                  value={values[`days-${type}`] ?? ""}
                  placeholder="Default"
                />
              </Field>
            ))}
          </div>
          {errors.turnaroundByType && (
            <p class="px-5 pb-4 text-sm text-red-700">{errors.turnaroundByType}</p>
          )}
        </Card>
        <div class="flex justify-end gap-3">
          <ButtonLink href="/settings/lab" variant="ghost">Cancel</ButtonLink>
          <Button>{labId ? "Save changes" : "Add lab"}</Button>
        </div>
      </form>
    </>
  );
}
