/** The page a browser gets for a refusal or a failure, outside the shell. */
import { AuthLayout, Panel } from "../AuthLayout.tsx";
import { ButtonLink } from "../ui/mod.ts";

export function ErrorPage(
  { status, title, detail }: { status: number; title: string; detail: string },
) {
  return (
    <AuthLayout>
      <Panel>
        <p class="text-sm font-semibold text-brand-600">Error {status}</p>
        <h1 class="mt-2 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <p class="mt-3 text-slate-600">{detail}</p>
        <div class="mt-6 flex flex-wrap gap-3">
          <ButtonLink href="/dashboard">Go to dashboard</ButtonLink>
          <ButtonLink href="/login" variant="secondary">Sign in</ButtonLink>
        </div>
      </Panel>
    </AuthLayout>
  );
}
