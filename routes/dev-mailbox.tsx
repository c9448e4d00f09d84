/**
 * The development mailbox: what the outbox holds, as the recipient would see
 * it. With the default `log` provider nothing leaves the machine, so this is
 * where a developer reads invitations and appointment emails (and follows
 * their links). Outside production only: there it answers 404, signed in or
 * not. A platform administrator sees every message; a clinic member with
 * `notifications.email.view` sees their clinic's.
 */
import { Hono } from "hono";
import type { MiddlewareHandler } from "hono";
import type { ComponentChildren } from "preact";
import { AppShell } from "../components/AppShell.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import { Icon } from "../components/Icon.tsx";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import { EMAIL_STATUSES, type EmailStatus } from "../lib/db/schema.ts";
import { findOutboxMessage, listOutbox, type OutboxMessage } from "../lib/email/outbox.ts";
import { notFound } from "../lib/errors.ts";
import type { AppEnv } from "../lib/http/app-env.ts";
import { pageRequires } from "../lib/permissions/page-guards.ts";
import { formatDateTime, formatRelative } from "../lib/view/format.ts";
import { renderDocument } from "./_document.ts";
import { staffPage } from "./resume.tsx";

const PAGE = "/dev/mailbox";

/** Before the session guard, so production gives no hint the page exists. */
const developmentOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.deps.config.env === "production") throw notFound();
  await next();
};

/** Superadmins read everything; members need the permission and see their clinic only. */
const mailboxReader: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.principal.isSuperadmin) return await next();
  return await pageRequires("notifications.email.view")(c, next);
};

function scopeOf(principal: AppEnv["Variables"]["principal"]): string | null {
  return principal.isSuperadmin ? null : principal.clinicId!;
}

const STATUS_TONES: Record<EmailStatus, string> = {
  queued: "bg-amber-50 text-amber-700 ring-amber-200",
  sending: "bg-sky-50 text-sky-700 ring-sky-200",
  sent: "bg-brand-50 text-brand-700 ring-brand-200",
  failed: "bg-red-50 text-red-700 ring-red-200",
};

function StatusBadge({ status }: { status: EmailStatus }) {
  return (
    <span
      class={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ${
        STATUS_TONES[status]
      }`}
    >
      {status}
    </span>
  );
}

function isStatus(value: string | undefined): value is EmailStatus {
  return (EMAIL_STATUSES as readonly string[]).includes(value ?? "");
}

function StatusFilter({ current }: { current: EmailStatus | undefined }) {
  const options: [string, EmailStatus | undefined][] = [
    ["All", undefined],
    ...EMAIL_STATUSES.map((s): [string, EmailStatus] => [s[0].toUpperCase() + s.slice(1), s]),
  ];
  return (
    <nav aria-label="Filter by status" class="flex flex-wrap gap-1.5">
      {options.map(([label, status]) => {
        const active = status === current;
        return (
          <a
            key={label}
            href={status ? `${PAGE}?status=${status}` : PAGE}
            aria-current={active ? "page" : undefined}
            class={`rounded-full px-3 py-1 text-sm font-medium ring-1 ${
              active
                ? "bg-slate-900 text-white ring-slate-900"
                : "bg-white text-slate-600 ring-slate-200 hover:bg-slate-50"
            }`}
          >
            {label}
          </a>
        );
      })}
    </nav>
  );
}

function MessageRow({ message, now }: { message: OutboxMessage; now: Date }) {
  return (
    <li>
      <a
        href={`${PAGE}/${message.id}`}
        class="flex flex-col gap-1.5 px-5 py-3.5 hover:bg-slate-50 sm:flex-row sm:items-center sm:gap-4"
      >
        <div class="min-w-0 flex-1">
          <p class="truncate text-sm font-medium text-slate-900">{message.subject}</p>
          <p class="truncate text-sm text-slate-500">
            {message.toAddress} · <span class="font-mono text-xs">{message.kind}</span>
          </p>
        </div>
        <div class="flex shrink-0 items-center gap-3 text-sm text-slate-500">
          <StatusBadge status={message.status} />
          <span class="tabular-nums" title="Delivery attempts">
            {message.attempts} {message.attempts === 1 ? "attempt" : "attempts"}
          </span>
          <time class="w-28 text-right" dateTime={message.createdAt.toISOString()}>
            {formatRelative(message.createdAt, now)}
          </time>
        </div>
      </a>
    </li>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="min-w-0">
      <dt class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd class="mt-1 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function MessageView(
  { message, timeZone, from }: { message: OutboxMessage; timeZone: string; from: string },
) {
  return (
    <>
      <a
        href={PAGE}
        class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:text-brand-800"
      >
        <Icon name="arrowLeft" class="h-4 w-4" /> Mailbox
      </a>
      <PageHeader title={message.subject} subtitle={`To ${message.toAddress}`}>
        <StatusBadge status={message.status} />
      </PageHeader>
      <Card class="mb-6">
        <dl class="grid grid-cols-1 gap-4 px-5 py-4 sm:grid-cols-2 lg:grid-cols-4">
          <Fact label="From">{from}</Fact>
          <Fact label="Kind">
            <span class="font-mono text-xs">{message.kind}</span>
          </Fact>
          <Fact label="Queued">{formatDateTime(message.createdAt, timeZone)}</Fact>
          <Fact label="Attempts">{message.attempts}</Fact>
          <Fact label="Sent">
            {message.sentAt ? formatDateTime(message.sentAt, timeZone) : "Not yet"}
          </Fact>
          <Fact label={message.status === "sent" ? "Provider id" : "Next attempt"}>
            {message.status === "sent"
              ? <span class="font-mono text-xs">{message.providerMessageId ?? "—"}</span>
              : message.status === "failed"
              ? "None: gave up"
              : formatDateTime(message.nextAttemptAt, timeZone)}
          </Fact>
          {message.dedupeKey && (
            <Fact label="Dedupe key">
              <span class="font-mono text-xs">{message.dedupeKey}</span>
            </Fact>
          )}
          {message.lastError && (
            <div class="sm:col-span-2 lg:col-span-4">
              <Fact label="Last error">
                <span class="text-red-700">{message.lastError}</span>
              </Fact>
            </div>
          )}
        </dl>
      </Card>
      <Card title="As the recipient sees it" class="mb-6 overflow-hidden">
        {/* No scripts and no same-origin access; links may open in a new tab. */}
        <iframe
          title={`Email: ${message.subject}`}
          srcdoc={message.html}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          class="block h-[760px] w-full rounded-b-xl bg-slate-100"
        />
      </Card>
      <Card title="Plain-text version">
        <pre class="overflow-x-auto whitespace-pre-wrap break-words px-5 py-4 font-mono text-sm text-slate-700">{message.text}</pre>
      </Card>
    </>
  );
}

export const devMailboxRoutes = new Hono<AppEnv>()
  .get(PAGE, developmentOnly, staffPage, mailboxReader, async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const status = c.req.query("status");
    const filter = isStatus(status) ? status : undefined;
    const messages = await listOutbox(deps.db, {
      clinicId: scopeOf(principal),
      status: filter,
      limit: 200,
    });
    const now = new Date();
    return c.html(renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current={PAGE}>
        <PageHeader
          title="Dev mailbox"
          subtitle={`Email in the outbox, newest first. Provider: ${deps.config.email.provider}` +
            (deps.config.email.provider === "log" ? " (nothing leaves this machine)." : ".")}
        >
          <StatusFilter current={filter} />
        </PageHeader>
        <Card
          title={`${messages.length} ${messages.length === 1 ? "message" : "messages"}${
            principal.isSuperadmin ? " · all clinics" : ""
          }`}
        >
          {messages.length === 0
            ? (
              <p class="px-5 py-10 text-center text-sm text-slate-500">
                No email{" "}
                {filter ? `with status “${filter}”` : "yet"}. Invitations and appointment emails
                appear here as soon as they are queued.
              </p>
            )
            : (
              <ul class="divide-y divide-slate-100">
                {messages.map((message) => (
                  <MessageRow key={message.id} message={message} now={now} />
                ))}
              </ul>
            )}
        </Card>
      </AppShell>,
      { title: "Dev mailbox" },
    ));
  })
  .get(`${PAGE}/:id`, developmentOnly, staffPage, mailboxReader, async (c) => {
    const { deps, principal } = c.var;
    const message = await findOutboxMessage(deps.db, c.req.param("id"), scopeOf(principal));
    if (!message) throw notFound("Message not found");
    const me = await loadStaffContext(deps, principal);
    return c.html(renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current={PAGE}>
        <MessageView
          message={message}
          timeZone={me.clinic?.timeZone ?? "Asia/Karachi"}
          from={deps.config.email.from}
        />
      </AppShell>,
      { title: `${message.subject} · Dev mailbox` },
    ));
  });
