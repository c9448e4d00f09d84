/** The form that invites someone by email with a role. */
import { Button, Card, Field, Input, Notice, Select } from "../ui/mod.ts";
import { ROLE_LABELS } from "../RoleBadge.tsx";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { ASSIGNABLE_ROLES } from "../../lib/staff/members.ts";

export function InviteForm({ values, problem }: { values: FormValues; problem?: FormProblem }) {
  return (
    <Card title="Invite a team member">
      <form method="post" action="/staff/invitations" class="space-y-4 px-5 py-4" data-invite-form>
        {problem && <Notice tone="error">{problem.message}</Notice>}
        <Field id="invite-email" label="Email" error={problem?.fields.email}>
          <Input
            id="invite-email"
            name="email"
            type="email"
            required
            maxLength={320}
            autocomplete="off"
            placeholder="name@example.com"
            value={values.email}
            invalid={!!problem?.fields.email}
            aria-describedby={problem?.fields.email ? "invite-email-error" : undefined}
          />
        </Field>
        <Field
          id="invite-role"
          label="Role"
          hint="They get the role's permission template; you can adjust theirs later."
          error={problem?.fields.role}
        >
          <Select
            id="invite-role"
            name="role"
            required
            aria-describedby={problem?.fields.role ? "invite-role-error" : "invite-role-hint"}
            invalid={!!problem?.fields.role}
          >
            {ASSIGNABLE_ROLES.map((role) => (
              <option key={role} value={role} selected={(values.role || "doctor") === role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" class="w-full">Create invitation</Button>
      </form>
    </Card>
  );
}
