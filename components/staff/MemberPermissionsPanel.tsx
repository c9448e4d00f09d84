/** A member's permissions as the Permission Tree, saved through /api/v1/staff. */
import PermissionTree from "../../islands/PermissionTree.tsx";
import { ROLE_LABELS } from "../RoleBadge.tsx";
import type { MemberPermissions } from "../../lib/staff/members.ts";
import { PERMISSION_TREE } from "../../lib/permissions/tree.ts";

export function MemberPermissionsPanel(
  { permissions, editable }: { permissions: MemberPermissions; editable: boolean },
) {
  const { member } = permissions;
  const roleLabel = ROLE_LABELS[member.role] ?? member.role;
  const apiUrl = `/api/v1/staff/${member.id}/permissions`;
  return (
    <div class="min-w-0 lg:col-span-2">
      <PermissionTree
        tree={PERMISSION_TREE}
        selected={permissions.effective}
        unavailable={permissions.unavailable}
        readOnly={!editable}
        saveUrl={editable ? apiUrl : undefined}
        method="PUT"
        resetUrl={editable && member.hasOverride ? apiUrl : undefined}
        saveLabel="Save permissions"
        resetLabel={`Use the ${roleLabel} template`}
        resetConfirm={`Remove ${member.name}'s individual permissions and follow the ${roleLabel} template again?`}
        title="Permissions"
        badge={member.role === "owner"
          ? "Owner: everything"
          : member.hasOverride
          ? "Individual permissions"
          : `Follows the ${roleLabel} template`}
        savedBadge="Individual permissions"
        id="member-permissions"
      />
      {editable && !member.hasOverride && (
        <p class="mt-3 text-xs text-slate-500">
          Saving gives {member.name} individual permissions: later changes to the {roleLabel}{" "}
          template will not affect them.
        </p>
      )}
    </div>
  );
}
