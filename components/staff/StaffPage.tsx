/**
 * Staff Management: the team, and beside it the invite form and pending
 * invitations for those allowed to see them.
 */
import { Notice, PageHeader } from "../ui/mod.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { StaffControls } from "../../lib/staff/controls.ts";
import type { TeamOverview } from "../../lib/staff/overview.ts";
import { InvitationLinkPanel } from "./InvitationLinkPanel.tsx";
import { InviteForm } from "./InviteForm.tsx";
import { PendingInvitations } from "./PendingInvitations.tsx";
import { TeamList } from "./TeamList.tsx";

export interface StaffPageProps {
  clinicName: string;
  /** The clinic's IANA zone, for exact times on hover. */
  timeZone: string;
  team: TeamOverview;
  controls: StaffControls;
  now: Date;
  notice?: string;
  /** An invitation link to show once, just after it was created or resent. */
  link?: { email: string; url: string };
  invite?: { values: FormValues; problem?: FormProblem };
}

export function StaffPage(
  { clinicName, timeZone, team, controls, now, notice, link, invite }: StaffPageProps,
) {
  const active = team.members.filter((m) => m.status === "active").length;
  const aside = controls.invite || controls.viewInvitations;
  return (
    <>
      <PageHeader
        title="Staff"
        subtitle={`${active} active ${active === 1 ? "member" : "members"} at ${clinicName}`}
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      {link && <InvitationLinkPanel email={link.email} link={link.url} />}
      <div class={`grid grid-cols-1 gap-6 ${aside ? "xl:grid-cols-3" : ""}`}>
        <div class={aside ? "xl:col-span-2" : ""}>
          <TeamList members={team.members} now={now} timeZone={timeZone} />
        </div>
        {aside && (
          <div class="space-y-6">
            {controls.invite && (
              <InviteForm values={invite?.values ?? {}} problem={invite?.problem} />
            )}
            {controls.viewInvitations && (
              <PendingInvitations
                invitations={team.invitations}
                now={now}
                timeZone={timeZone}
                canResend={controls.resendInvitations}
                canRevoke={controls.revokeInvitations}
              />
            )}
          </div>
        )}
      </div>
    </>
  );
}
