/**
 * The link just created or resent. It is rendered, never put in a redirect,
 * so it stays out of URLs and history; the inviter may pass it on themselves.
 */
import { Icon } from "../Icon.tsx";
import { Input } from "../ui/mod.ts";

export function InvitationLinkPanel({ email, link }: { email: string; link: string }) {
  return (
    <section
      class="mb-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-brand-200"
      aria-labelledby="invitation-link-title"
      data-invitation-link
    >
      <div class="flex items-start gap-3">
        <span class="grid h-9 w-9 shrink-0 place-items-center rounded-lg bg-brand-50 text-brand-700">
          <Icon name="staff" class="h-5 w-5" />
        </span>
        <div class="min-w-0 flex-1">
          <h2 id="invitation-link-title" class="text-sm font-semibold text-slate-900">
            Invitation ready for {email}
          </h2>
          <p class="mt-0.5 text-sm text-slate-500">
            We have emailed them this link; you can also copy it and send it yourself. It works for
            7 days and is shown only now; resend the invitation to get a new one.
          </p>
        </div>
      </div>
      <label for="invitation-link" class="sr-only">Invitation link</label>
      <Input
        id="invitation-link"
        type="text"
        readOnly
        autofocus
        value={link}
        class="mt-4 select-all font-mono text-xs sm:text-sm"
      />
    </section>
  );
}
