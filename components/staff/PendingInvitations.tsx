/** Invitations not yet answered, with resend and revoke for those allowed. */
import { Button, Card } from "../ui/mod.ts";
import { RoleBadge } from "../RoleBadge.tsx";
import type { Invitation } from "../../lib/staff/invitations.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";

/** "Expires in 6 days" reads better than Intl's "next week" for a one-week link. */
function expiry(invitation: Invitation, now: Date): string {
  const ms = invitation.expiresAt.getTime() - now.getTime();
  if (Math.abs(ms) < 86_400_000) {
    return `${ms > 0 ? "Expires" : "Expired"} ${formatRelative(invitation.expiresAt, now)}`;
  }
  // Rounded towards "more time left", so a link created today reads "in 7 days".
  const days = ms > 0 ? Math.ceil(ms / 86_400_000) : Math.floor(-ms / 86_400_000);
  const span = `${days} ${days === 1 ? "day" : "days"}`;
  return ms > 0 ? `Expires in ${span}` : `Expired ${span} ago`;
}

function InvitationRow(
  { invitation, now, timeZone, canResend, canRevoke }: {
    invitation: Invitation;
    now: Date;
    timeZone: string;
    canResend: boolean;
    canRevoke: boolean;
  },
) {
  const expired = invitation.expiresAt <= now;
  return (
    <li class="px-5 py-3.5">
      <div class="flex items-start justify-between gap-3">
        <div class="min-w-0">
          <p class="truncate text-sm font-medium text-slate-900">{invitation.email}</p>
          <p class="mt-0.5 text-xs text-slate-500">
            Last sent{" "}
            <time
              dateTime={invitation.lastSentAt.toISOString()}
              title={formatDateTime(invitation.lastSentAt, timeZone)}
              data-last-sent
            >
              {formatRelative(invitation.lastSentAt, now)}
            </time>
          </p>
          <p class={`mt-0.5 text-xs ${expired ? "text-amber-700" : "text-slate-500"}`}>
            {expiry(invitation, now)}
          </p>
        </div>
        <RoleBadge role={invitation.role} />
      </div>
      {(canResend || canRevoke) && (
        <div class="mt-3 flex gap-2">
          {canResend && (
            <form
              method="post"
              action={`/staff/invitations/${invitation.id}/resend`}
              class="flex-1"
            >
              <Button type="submit" variant="secondary" class="w-full">Resend</Button>
            </form>
          )}
          {canRevoke && (
            <form
              method="post"
              action={`/staff/invitations/${invitation.id}/revoke`}
              class="flex-1"
            >
              <Button type="submit" variant="danger" class="w-full">Revoke</Button>
            </form>
          )}
        </div>
      )}
    </li>
  );
}

export function PendingInvitations(
  { invitations, now, timeZone, canResend, canRevoke }: {
    invitations: Invitation[];
    now: Date;
    timeZone: string;
    canResend: boolean;
    canRevoke: boolean;
  },
) {
  return (
    <Card title={`Pending invitations · ${invitations.length}`}>
      {invitations.length === 0
        ? <p class="px-5 py-6 text-sm text-slate-500">No invitations waiting for an answer.</p>
        : (
          <ul class="divide-y divide-slate-100" data-invitations>
            {invitations.map((invitation) => (
              <InvitationRow
                key={invitation.id}
                invitation={invitation}
                now={now}
                timeZone={timeZone}
                canResend={canResend}
                canRevoke={canRevoke}
              />
            ))}
          </ul>
        )}
    </Card>
  );
}
