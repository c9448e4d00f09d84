/** The sign-in page: a plain HTML form, no script; demo accounts listed where they exist. */
import { AuthLayout, Panel } from "../AuthLayout.tsx";
import { Button, Field, Input, Notice } from "../ui/mod.ts";
import type { DemoAccountHint } from "../../lib/auth/sign-in-page.ts";

export interface LoginPageProps {
  email?: string;
  next?: string;
  error?: string;
  notice?: string;
  demoAccounts: DemoAccountHint[];
}

function DemoAccounts({ accounts }: { accounts: DemoAccountHint[] }) {
  return (
    <div class="mt-6 rounded-xl bg-white/5 p-4 text-sm text-slate-300 ring-1 ring-white/10">
      <p class="font-medium text-white">Demo accounts</p>
      <p class="mt-1 text-slate-400">
        Password <code class="rounded bg-white/10 px-1.5 py-0.5 text-slate-200">demo-password</code>
      </p>
      <ul class="mt-2 space-y-1">
        {accounts.map((a) => (
          <li key={a.email} class="flex justify-between gap-3">
            <code class="truncate text-slate-200">{a.email}</code>
            <span class="shrink-0 text-slate-500">{a.label}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function LoginPage({ email, next, error, notice, demoAccounts }: LoginPageProps) {
  const message = error
    ? <Notice tone="error">{error}</Notice>
    : notice && <Notice tone="success">{notice}</Notice>;
  return (
    <AuthLayout>
      <Panel>
        <h1 class="text-2xl font-semibold tracking-tight text-slate-900">Sign in</h1>
        <p class="mt-1 text-sm text-slate-500">Welcome back. Sign in to your clinic workspace.</p>
        {message && <div class="mt-5">{message}</div>}
        <form method="post" action="/login" class="mt-6 space-y-5">
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
        <p class="mt-5 border-t border-slate-100 pt-4 text-sm text-slate-500">
          A patient?{" "}
          <a href="/portal/login" class="font-medium text-brand-700 hover:underline">
            Sign in to your patient portal
          </a>.
        </p>
      </Panel>
      {demoAccounts.length > 0 && <DemoAccounts accounts={demoAccounts} />}
    </AuthLayout>
  );
}
