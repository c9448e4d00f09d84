/**
 * One member's permissions, opened by a superadmin from the clinic page. An
 * override replaces the role's template for this person only; the owner's
 * permissions are shown read-only.
 */
import PermissionTree from "../../islands/PermissionTree.tsx";
import type { ClinicDetail } from "../../lib/admin/clinic-plans.ts";
import type { MemberPermissions } from "../../lib/staff/members.ts";
import { PERMISSION_TREE } from "../../lib/permissions/tree.ts";
import { PageHeader } from "../ui/mod.ts";
import { RoleBadge } from "../RoleBadge.tsx";
import { BackLink } from "./BackLink.tsx";

export function MemberPermissionsPage(
  { clinic, permissions }: {
    clinic: ClinicDetail["clinic"];
    permissions: MemberPermissions;
  },
) {
  const { member } = permissions;
  const apiUrl = `/api/v1/admin/clinics/${clinic.id}/members/${member.id}/permissions`;
  const editable = member.role !== "owner";
  return (
    <>
      <BackLink href={`/admin/clinics/${clinic.id}`} label={clinic.name} />
      <PageHeader
        title={member.name}
        subtitle={`${member.email} · ${clinic.name}. An override replaces the role's template for this person only; later template edits do not touch it.`}
      >
        <RoleBadge role={member.role} />
      </PageHeader>
      <PermissionTree
        tree={PERMISSION_TREE}
        selected={permissions.effective}
        unavailable={permissions.unavailable}
        readOnly={!editable}
        saveUrl={editable ? apiUrl : undefined}
        method="PUT"
        resetUrl={editable && member.hasOverride ? apiUrl : undefined}
        saveLabel="Save override"
        resetLabel="Remove the override"
        resetConfirm={`Remove ${member.name}'s override and follow the role template again?`}
        title="Permissions"
        badge={member.hasOverride ? "Superadmin or clinic override" : "Follows the role template"}
      />
    </>
  );
}
