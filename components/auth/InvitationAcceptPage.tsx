/**
 * The public page behind an invitation link: a new address sets up its
 * account, an existing one confirms with its password. A plain HTML form.
 */
import { AuthLayout, Panel } from "../AuthLayout.tsx";
import { Button, Field, Input, Notice } from "../ui/mod.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { type InvitationPreview, MIN_PASSWORD_LENGTH } from "../../lib/staff/invitations.ts";

const ROLE_NAMES: Record<string, string> = {
  admin: "an admin",
  doctor: "a doctor",
  nurse: "a nurse",
  reception: "a receptionist",
};

function PasswordField(
  { id, label, autocomplete, minLength, hint, problem }: {
    id: string;
    label: string;
    autocomplete: string;
    minLength?: number;
    hint?: string;
    problem?: FormProblem;
  },
) {
  const error = problem?.fields[id];
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Input
        id={id}
        name={id}
        type="password"
        autocomplete={autocomplete}
        required
        minLength={minLength}
        maxLength={1024}
        invalid={!!error}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      />
    </Field>
  );
}

export function InvitationAcceptPage(
  { preview, token, values = {}, problem }: {
    preview: InvitationPreview;
    token: string;
    values?: FormValues;
    problem?: FormProblem;
  },
) {
  const { invitation, clinicName, hasAccount } = preview;
  return (
    <AuthLayout>
      <Panel>
        <p class="text-sm font-semibold text-brand-600">Invitation</p>
        <h1 class="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
          Join {clinicName}
        </h1>
        <p class="mt-2 text-sm text-slate-600">
          You have been invited to join <strong class="text-slate-900">{clinicName}</strong> as{" "}
          {ROLE_NAMES[invitation.role] ?? invitation.role} on OdontoX. {hasAccount
            ? "You already have an account: enter its password to add this clinic."
            : "Set up your account to get started."}
        </p>
        {problem && (
          <div class="mt-5">
            <Notice tone="error">{problem.message}</Notice>
          </div>
        )}
        <form method="post" action={`/invite/${token}`} class="mt-6 space-y-5">
          <Field id="email" label="Email">
            <Input
              id="email"
              type="text"
              autocomplete="username"
              readOnly
              value={invitation.email}
            />
          </Field>
          {hasAccount
            ? (
              <PasswordField
                id="password"
                label="Your OdontoX password"
                autocomplete="current-password"
                problem={problem}
              />
            )
            : (
              <>
                <Field id="name" label="Your full name" error={problem?.fields.name}>
                  <Input
                    id="name"
                    name="name"
                    type="text"
                    autocomplete="name"
                    required
                    maxLength={200}
                    value={values.name}
                    invalid={!!problem?.fields.name}
                    aria-describedby={problem?.fields.name ? "name-error" : undefined}
                  />
                </Field>
                <PasswordField
                  id="password"
                  label="Choose a password"
                  autocomplete="new-password"
                  minLength={MIN_PASSWORD_LENGTH}
                  hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
                  problem={problem}
                />
                <PasswordField
                  id="confirm"
                  label="Confirm password"
                  autocomplete="new-password"
                  minLength={MIN_PASSWORD_LENGTH}
                  problem={problem}
                />
              </>
            )}
          <Button type="submit" class="w-full">
            {hasAccount ? `Join ${clinicName}` : "Create account and join"}
          </Button>
        </form>
        <p class="mt-5 text-xs text-slate-500">
          Not expecting this? You can ignore it; nothing happens until the form is sent. The link
          expires on{" "}
          <time dateTime={invitation.expiresAt.toISOString()}>
            {invitation.expiresAt.toLocaleDateString("en-GB", {
              day: "numeric",
              month: "long",
              year: "numeric",
              timeZone: "UTC",
            })}
          </time>.
        </p>
      </Panel>
    </AuthLayout>
  );
}
