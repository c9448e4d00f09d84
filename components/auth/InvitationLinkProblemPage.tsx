/** Why an invitation link no longer works: expired, withdrawn, used, or never valid. */
import { AuthLayout, Panel } from "../AuthLayout.tsx";
import { ButtonLink } from "../ui/mod.ts";

const TITLES: Record<string, string> = {
  INVITATION_EXPIRED: "This invitation has expired",
  INVITATION_REVOKED: "This invitation was withdrawn",
  INVITATION_USED: "This invitation has been used",
  INVITATION_INVALID: "This link does not work",
};

export function InvitationLinkProblemPage({ code, message }: { code: string; message: string }) {
  return (
    <AuthLayout>
      <Panel>
        <p class="text-sm font-semibold text-brand-600">Invitation</p>
        <h1 class="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
          {TITLES[code] ?? TITLES.INVITATION_INVALID}
        </h1>
        <p class="mt-3 text-slate-600">{message}</p>
        <div class="mt-6 flex flex-wrap gap-3">
          {/* Someone whose invitation was used has an account: signing in is the way on. */}
          <ButtonLink href="/login" variant={code === "INVITATION_USED" ? "primary" : "secondary"}>
            Sign in
          </ButtonLink>
        </div>
      </Panel>
    </AuthLayout>
  );
}
