/** Settings → Billing: the clinic's tax on invoices and its payment terms. */
import { Button, Card, Field, Input, Notice, PageHeader } from "../ui/mod.ts";
import { BackLink } from "../patients/BackLink.tsx";

export function BillingSettingsPage(
  { values, canEdit, saved, problem }: {
    values: Record<string, string>;
    canEdit: boolean;
    saved?: boolean;
    problem?: { message: string; fields: Record<string, string> };
  },
) {
  const errors = problem?.fields ?? {};
  const taxError = errors.taxRateBp ?? errors.taxRate;
  return (
    <>
      <BackLink href="/settings" label="Settings" />
      <PageHeader
        title="Billing"
        subtitle="Tax and payment terms on new invoices; issued invoices keep what they were issued with."
      />
      {saved && <Notice tone="success">Billing settings saved.</Notice>}
      {!canEdit && <Notice tone="info">You can view but not change these settings.</Notice>}
      <Card class="max-w-2xl">
        <form method="post" class="grid gap-5 p-5" novalidate>
          {problem && !taxError && !errors.taxLabel && !errors.paymentTermsDays && (
            <Notice tone="error">{problem.message}</Notice>
          )}
          <div class="grid gap-5 sm:grid-cols-2">
            <Field
              id="billing-tax-rate"
              name="taxRate"
              label="Tax rate (%)"
              hint="Leave empty when the clinic charges no tax."
              error={taxError}
            >
              <Input
                id="billing-tax-rate"
                name="taxRate"
                inputMode="decimal"
                value={values.taxRate ?? ""}
                invalid={!!taxError}
                disabled={!canEdit}
                placeholder="None"
              />
            </Field>
            <Field id="billing-tax-label" name="taxLabel" label="Tax label" error={errors.taxLabel}>
              <Input
                id="billing-tax-label"
                name="taxLabel"
                value={values.taxLabel ?? ""}
                maxLength={40}
                invalid={!!errors.taxLabel}
                disabled={!canEdit}
              />
            </Field>
            <Field
              id="billing-terms"
              name="paymentTermsDays"
              label="Payment terms (days)"
              hint="A new invoice is due this many days after its date."
              error={errors.paymentTermsDays}
            >
              <Input
                id="billing-terms"
                name="paymentTermsDays"
                inputMode="numeric"
                value={values.paymentTermsDays ?? ""}
                invalid={!!errors.paymentTermsDays}
                disabled={!canEdit}
              />
            </Field>
          </div>
          {canEdit && (
            <div>
              <Button>Save billing settings</Button>
            </div>
          )}
        </form>
      </Card>
    </>
  );
}
