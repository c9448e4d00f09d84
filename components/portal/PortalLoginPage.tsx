/** The patient portal's sign-in: a plain HTML form, no script. */
import { PortalFrame } from "./PortalFrame.tsx";
import { Button, Field, Input, Notice } from "../ui/mod.ts";

export interface PortalLoginPageProps {
  email?: string;
  next?: string;
  error?: string;
  notice?: string;
  /** The demo patient's address, where demo data is seeded. */
  demoEmail?: string;
}

export function PortalLoginPage({ email, next, error, notice, demoEmail }: PortalLoginPageProps) {
  return (
    <PortalFrame>
      <h1 class="text-2xl font-semibold tracking-tight text-slate-900">Sign in</h1>
      <p class="mt-1 text-sm text-slate-500">
        See your appointments and keep your details up to date.
      </p>
      {(error || notice) && (
        <div class="mt-5">
          {error ? <Notice tone="error">{error}</Notice> : <Notice tone="success">{notice}</Notice>}
        </div>
      )}
      <form method="post" action="/portal/login" class="mt-6 space-y-5">
        {next && <input type="hidden" name="next" value={next} />}
        <Field id="email" label="Email">
          <Input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={email}
          />
        </Field>
        <Field id="password" label="Password">
          <Input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
          />
        </Field>
        <Button type="submit" class="w-full">Sign in</Button>
      </form>
      <p class="mt-5 text-sm text-slate-500">
        No account yet? Your clinic sends you an invitation by email.
      </p>
      {demoEmail && (
        <p class="mt-4 rounded-lg bg-slate-50 px-3 py-2 text-xs text-slate-600 ring-1 ring-slate-200">
          Demo patient: <code>{demoEmail}</code> · password <code>demo-password</code>
        </p>
      )}
      <p class="mt-5 border-t border-slate-100 pt-4 text-xs text-slate-500">
        Clinic staff?{" "}
        <a href="/login" class="font-medium text-brand-700 hover:underline">Sign in here</a>.
      </p>
    </PortalFrame>
  );
}
