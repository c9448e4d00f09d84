/**
 * The public sign-up page: a clinic applies with its name, city, owner and
 * contact. A plain HTML form, no script; after sending, the same frame says
 * what happens next.
 */
import { AuthLayout, Panel } from "../AuthLayout.tsx";
import { Button, Field, Input, Notice } from "../ui/mod.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";

export interface SignupPageProps {
  values?: FormValues;
  problem?: FormProblem;
  trialDays: number;
}

function TextField(
  { name, label, values, problem, type = "text", autocomplete, hint, prefix }: {
    name: string;
    label: string;
    values: FormValues;
    problem?: FormProblem;
    type?: "text" | "email" | "tel";
    autocomplete?: string;
    hint?: string;
    prefix?: string;
  },
) {
  const id = `signup-${name}`;
  const error = problem?.fields[name];
  const input = (
    <Input
      id={id}
      name={name}
      type={type as "text"}
      autocomplete={autocomplete}
      required
      value={values[name] ?? ""}
      invalid={!!error}
      aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
      class={prefix ? "rounded-l-none" : undefined}
    />
  );
  return (
    <Field id={id} name={name} label={label} hint={hint} error={error}>
      {prefix
        ? (
          <div class="flex">
            <span class="inline-flex items-center rounded-l-lg border border-r-0 border-slate-300 bg-slate-50 px-3 text-sm text-slate-600">
              {prefix}
            </span>
            {input}
          </div>
        )
        : input}
    </Field>
  );
}

export function SignupPage({ values = {}, problem, trialDays }: SignupPageProps) {
  return (
    <AuthLayout>
      <Panel>
        <h1 class="text-2xl font-semibold tracking-tight text-slate-900">Bring your clinic</h1>
        <p class="mt-1 text-sm text-slate-500">
          Apply for an OdontoX workspace. Once approved, you get a{" "}
          {trialDays}-day free trial that starts the first time you sign in.
        </p>
        {problem && (
          <div class="mt-5">
            <Notice tone="error">{problem.message}</Notice>
          </div>
        )}
        <form method="post" action="/signup" class="mt-6 space-y-5" novalidate>
          <TextField
            name="clinicName"
            label="Clinic name"
            values={values}
            problem={problem}
            autocomplete="organization"
          />
          <TextField
            name="city"
            label="City"
            values={values}
            problem={problem}
            autocomplete="address-level2"
          />
          <TextField
            name="ownerName"
            label="Owner's full name"
            values={values}
            problem={problem}
            autocomplete="name"
          />
          <TextField
            name="email"
            label="Email"
            type="email"
            values={values}
            problem={problem}
            autocomplete="email"
            hint="The owner's account is set up from a link sent here."
          />
          <TextField
            name="phone"
            label="Phone"
            type="tel"
            values={values}
            problem={problem}
            autocomplete="tel-national"
            prefix="+92"
            hint="e.g. 0300 1234567; numbers abroad start with their own code."
          />
          <Button type="submit" class="w-full">Send application</Button>
        </form>
      </Panel>
      <p class="mt-6 text-center text-sm text-slate-400">
        Already with OdontoX?{" "}
        <a href="/login" class="font-medium text-brand-300 hover:text-brand-200">Sign in</a>
      </p>
    </AuthLayout>
  );
}

export function SignupSentPage({ email }: { email: string }) {
  return (
    <AuthLayout>
      <Panel>
        <h1 class="text-2xl font-semibold tracking-tight text-slate-900">Application sent</h1>
        <p class="mt-3 text-sm text-slate-600" role="status">
          Thank you. We review every application and will write to{" "}
          <strong class="font-medium text-slate-900">{email}</strong>{" "}
          with the next step. Approved clinics receive a link to set up the owner's account.
        </p>
        <a
          href="/login"
          class="mt-6 inline-block text-sm font-medium text-brand-700 hover:underline"
        >
          Back to sign in
        </a>
      </Panel>
    </AuthLayout>
  );
}
