/** The forms on a member's page: change their role, deactivate or reactivate them. */
import { Button, Card, Select } from "../ui/mod.ts";
import { ROLE_LABELS } from "../RoleBadge.tsx";
import { ASSIGNABLE_ROLES, type StaffMember } from "../../lib/staff/members.ts";

export function MemberRoleForm({ member }: { member: StaffMember }) {
  return (
    <Card title="Role">
      <form
        method="post"
        action={`/staff/${member.id}/role`}
        class="space-y-3 px-5 py-4"
        data-role-form
      >
        <label for="member-role" class="sr-only">Role</label>
        <Select id="member-role" name="role">
          {ASSIGNABLE_ROLES.map((role) => (
            <option key={role} value={role} selected={member.role === role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </Select>
        <p class="text-xs text-slate-500">
          {member.hasOverride
            ? "Their individual permissions stay as they are."
            : "They will follow the new role's permission template."}
        </p>
        <Button type="submit" class="w-full">Change role</Button>
      </form>
    </Card>
  );
}

export function MemberAccessForm({ member }: { member: StaffMember }) {
  const deactivated = member.status === "deactivated";
  return (
    <Card title="Access">
      <form
        method="post"
        action={`/staff/${member.id}/status`}
        class="space-y-3 px-5 py-4"
        data-status-form
      >
        <p class="text-sm text-slate-600">
          {deactivated
            ? `${member.name} cannot sign in to this clinic. Reactivating restores their access.`
            : "Deactivating signs them out at once and stops their sign-in. Their history stays."}
        </p>
        <input type="hidden" name="status" value={deactivated ? "active" : "deactivated"} />
        {deactivated
          ? <Button type="submit" variant="secondary" class="w-full">Reactivate</Button>
          : <Button type="submit" variant="danger" class="w-full">Deactivate</Button>}
      </form>
    </Card>
  );
}
