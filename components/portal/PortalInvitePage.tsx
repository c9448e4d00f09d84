/**
 * Staff side: a patient's portal access, and the form that emails them an
 * invitation (or a new link: the previous one stops working).
 */
import { BackLink } from "../patients/BackLink.tsx";
import { Badge, Button, Card, Field, Input, Notice } from "../ui/mod.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { PortalAccessState } from "../../lib/portal/invitations.ts";
import { formatDateTime } from "../../lib/view/format.ts";

export function PortalInvitePage(
  { patient, state, values = {}, problem, sentTo, timeZone, now }: {
    patient: { id: string; fullName: string };
    state: PortalAccessState;
    values?: FormValues;
    problem?: FormProblem;
    /** The address an invitation was just sent to. */
    sentTo?: string;
    timeZone: string;
    now: Date;
  },
) {
  const { account, open } = state;
  const expired = open && open.expiresAt <= now;
  const email = values.email ?? open?.email ?? state.email ?? "";
  const error = problem?.fields.email ?? (problem ? problem.message : undefined);
  return (
    <>
      <BackLink href={`/patients/${patient.id}`} label={patient.fullName} />
      <h1 class="text-2xl font-semibold tracking-tight text-slate-900">Patient portal</h1>
      <p class="mt-1 text-sm text-slate-500">
        {patient.fullName}{" "}
        can see their appointments, confirm or cancel them, and keep their details current.
      </p>
      <div class="mt-6 max-w-2xl space-y-6">
        {sentTo && (
          <Notice tone="success">
            Invitation sent to <strong>{sentTo}</strong>. The link works once, for 7 days.
          </Notice>
        )}
        <Card title="Access">
          <dl class="divide-y divide-slate-100 text-sm" data-portal-state>
            <div class="flex items-center justify-between gap-4 px-5 py-3">
              <dt class="text-slate-500">Account</dt>
              <dd class="text-right">
                {account
                  ? <Badge tone="green" dot>Active · {account.email}</Badge>
                  : <Badge tone="slate">Not set up</Badge>}
              </dd>
            </div>
            {account && (
              <div class="flex justify-between gap-4 px-5 py-3">
                <dt class="text-slate-500">Last sign-in</dt>
                <dd class="text-right font-medium text-slate-900">
                  {account.lastLoginAt ? formatDateTime(account.lastLoginAt, timeZone) : "Never"}
                </dd>
              </div>
            )}
            {open && (
              <div class="flex justify-between gap-4 px-5 py-3">
                <dt class="text-slate-500">Invitation</dt>
                <dd class="text-right text-slate-900">
                  {expired
                    ? <Badge tone="amber">Expired</Badge>
                    : <Badge tone="sky">Waiting</Badge>}{" "}
                  <span class="block pt-1 text-xs text-slate-500 sm:inline sm:pt-0">
                    sent to {open.email} on {formatDateTime(open.createdAt, timeZone)}
                  </span>
                </dd>
              </div>
            )}
          </dl>
        </Card>
        <Card title={open || account ? "Send a new link" : "Invite to the portal"}>
          <form
            method="post"
            action={`/patients/${patient.id}/portal-invite`}
            class="space-y-4 px-5 py-4"
          >
            <Field
              id="email"
              label="Email address"
              error={error}
              hint={open
                ? "The link sent earlier stops working."
                : account
                ? "Accepting it lets the patient choose a new password."
                : "The patient chooses a password and completes their details."}
            >
              <Input
                id="email"
                name="email"
                type="email"
                required
                maxLength={320}
                value={email}
                invalid={!!error}
                aria-describedby={error ? "email-error" : "email-hint"}
              />
            </Field>
            <Button type="submit" data-send-invitation>
              {open || account ? "Send new link" : "Send invitation"}
            </Button>
          </form>
        </Card>
      </div>
    </>
  );
}
