/**
 * One member's page: who they are, and — for those allowed, and never for
 * the owner or oneself — their role, access and individual permissions.
 */
import { Icon } from "../Icon.tsx";
import { Notice } from "../ui/mod.ts";
import type { StaffControls } from "../../lib/staff/controls.ts";
import type { MemberDetail } from "../../lib/staff/overview.ts";
import { MemberAvatar } from "./MemberAvatar.tsx";
import { MemberAccessForm, MemberRoleForm } from "./MemberForms.tsx";
import { MemberOverview } from "./MemberOverview.tsx";
import { MemberPermissionsPanel } from "./MemberPermissionsPanel.tsx";

export interface MemberPageProps {
  detail: MemberDetail;
  controls: StaffControls;
  /** The viewer's own user id: nobody changes their own role or access. */
  viewerId: string;
  timeZone: string;
  now: Date;
  notice?: string;
  error?: string;
}

export function MemberPage(
  { detail: { member, permissions }, controls, viewerId, timeZone, now, notice, error }:
    MemberPageProps,
) {
  const isSelf = member.userId === viewerId;
  const changeable = member.role !== "owner" && !isSelf;
  return (
    <>
      <a
        href="/staff"
        class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-700"
      >
        <Icon name="arrowLeft" class="h-4 w-4" />Staff
      </a>
      <div class="mb-8 flex items-center gap-4">
        <MemberAvatar name={member.name} muted={member.status !== "active"} />
        <div class="min-w-0">
          <h1 class="truncate text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">
            {member.name}
          </h1>
          <p class="truncate text-sm text-slate-500">{member.email}</p>
        </div>
      </div>
      {notice && <Notice tone="success">{notice}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}

      <div class={permissions ? "grid grid-cols-1 gap-6 lg:grid-cols-3" : "max-w-xl"}>
        <div class="space-y-6">
          <MemberOverview member={member} isSelf={isSelf} timeZone={timeZone} now={now} />
          {changeable && controls.editRole && <MemberRoleForm member={member} />}
          {changeable && controls.setStatus && <MemberAccessForm member={member} />}
        </div>
        {permissions && (
          <MemberPermissionsPanel
            permissions={permissions}
            editable={changeable && controls.editPermissions}
          />
        )}
      </div>
    </>
  );
}
