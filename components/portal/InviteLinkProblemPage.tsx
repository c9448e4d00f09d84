/** Why a portal invitation link no longer works: expired, replaced, used, or never valid. */
import { PortalFrame } from "./PortalFrame.tsx";
import { ButtonLink } from "../ui/mod.ts";

const TITLES: Record<string, string> = {
  INVITATION_EXPIRED: "This invitation has expired",
  INVITATION_REVOKED: "This link has been replaced",
  INVITATION_USED: "This invitation has been used",
  INVITATION_INVALID: "This link does not work",
};

export function InviteLinkProblemPage({ code, message }: { code: string; message: string }) {
  return (
    <PortalFrame>
      <h1 class="text-2xl font-semibold tracking-tight text-slate-900">
        {TITLES[code] ?? TITLES.INVITATION_INVALID}
      </h1>
      <p class="mt-3 text-slate-600">{message}</p>
      <div class="mt-6">
        <ButtonLink
          href="/portal/login"
          variant={code === "INVITATION_USED" ? "primary" : "secondary"}
        >
          Sign in to the patient portal
        </ButtonLink>
      </div>
    </PortalFrame>
  );
}
