/**
 * The page behind a patient's invitation link: choose a password and complete
 * the record, prefilled with what the clinic already has. A plain HTML form;
 * the phone fields are the PhoneInput island, which posts without script too.
 */
import { PortalFrame } from "./PortalFrame.tsx";
import { DetailFields, type DetailValues } from "./DetailFields.tsx";
import { Button, Field, Input, Notice } from "../ui/mod.ts";
import type { FormProblem } from "../../lib/http/form.ts";
import { MIN_PASSWORD_LENGTH, type PatientInvitationPreview } from "../../lib/portal/acceptance.ts";

function PasswordField(
  { id, label, hint, error }: { id: string; label: string; hint?: string; error?: string },
) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Input
        id={id}
        name={id}
        type="password"
        autocomplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        maxLength={1024}
        invalid={!!error}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      />
    </Field>
  );
}

export function InviteAcceptPage(
  { preview, token, values, problem, today }: {
    preview: PatientInvitationPreview;
    token: string;
    /** What the form shows: the record's values, or what was just posted. */
    values: DetailValues;
    problem?: FormProblem;
    today: string;
  },
) {
  const { invitation, clinicName, details, hasAccount } = preview;
  const errors = problem?.fields ?? {};
  const firstName = details.fullName.split(/\s+/)[0];
  return (
    <PortalFrame clinicName={clinicName}>
      <h1 class="text-2xl font-semibold tracking-tight text-slate-900">
        Welcome, {firstName}
      </h1>
      <p class="mt-2 text-sm text-slate-600">
        {hasAccount
          ? `Choose a new password for your ${clinicName} patient portal and check your details.`
          : `Set up your ${clinicName} patient portal: choose a password and check the details the clinic has for you.`}
      </p>
      {problem && (
        <div class="mt-5">
          <Notice tone="error">
            {Object.keys(errors).length > 1
              ? "Please correct the highlighted fields."
              : problem.message}
          </Notice>
        </div>
      )}
      <form method="post" action={`/patient-invite/${token}`} class="mt-6 space-y-6" novalidate>
        <section class="space-y-5">
          <h2 class="text-sm font-semibold uppercase tracking-wide text-slate-500">Your account</h2>
          <Field id="email" label="Email">
            <Input
              id="email"
              type="email"
              autocomplete="username"
              readOnly
              value={invitation.email}
            />
          </Field>
          <PasswordField
            id="password"
            label="Choose a password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
            error={errors.password}
          />
          <PasswordField id="confirm" label="Confirm password" error={errors.confirm} />
        </section>
        <section class="space-y-5 border-t border-slate-100 pt-6">
          <div>
            <h2 class="text-sm font-semibold uppercase tracking-wide text-slate-500">
              Your details
            </h2>
            <p class="mt-1 text-sm text-slate-500">
              So the clinic has them before your first visit.
            </p>
          </div>
          <DetailFields
            values={values}
            errors={errors}
            whatsapp={preview.whatsapp}
            address={false}
            today={today}
          />
        </section>
        <Button type="submit" class="w-full">
          {hasAccount ? "Save and sign in" : "Create my account"}
        </Button>
      </form>
      <p class="mt-5 text-xs text-slate-500">
        This link works once. It expires on{" "}
        <time dateTime={invitation.expiresAt.toISOString()}>
          {invitation.expiresAt.toLocaleDateString("en-GB", {
            day: "numeric",
            month: "long",
            year: "numeric",
            timeZone: "UTC",
          })}
        </time>.
      </p>
    </PortalFrame>
  );
}
