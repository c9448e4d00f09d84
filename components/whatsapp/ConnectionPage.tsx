/**
 * Settings → WhatsApp: the connection (state, webhook URL to paste into
 * Meta's dashboard, the credentials form with masked secrets and the test
 * button), the templates the automated messages use, and disconnect.
 */
import type { ConnectionView } from "../../lib/whatsapp/connection.ts";
import { TEMPLATE_KIND_KEYS, TEMPLATE_KINDS } from "../../lib/whatsapp/templates.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Badge, Button, ButtonLink, Card, Field, Input, Notice, PageHeader } from "../ui/mod.ts";
import WhatsappConnectionTest from "../../islands/WhatsappConnectionTest.tsx";

export interface ConnectionPageProps {
  view: ConnectionView;
  may: { edit: boolean; test: boolean; templates: boolean; logs: boolean };
  timeZone: string;
  notice?: string;
  /** Values to show again after a refused save; secrets are never among them. */
  values?: Record<string, string>;
  problem?: { message: string; fields: Record<string, string> };
}

const NOTICES: Record<string, string> = {
  saved: "Connection saved.",
  templates: "Templates saved.",
  disconnected: "WhatsApp disconnected. The credentials were deleted.",
};

function StateBadge({ view }: { view: ConnectionView }) {
  if (view.state === "connected") return <Badge tone="green" dot>Connected</Badge>;
  if (view.state === "failing") return <Badge tone="red" dot>Failing</Badge>;
  return <Badge dot>Not connected</Badge>;
}

export function ConnectionPage(
  { view, may, timeZone, notice, values, problem }: ConnectionPageProps,
) {
  const value = (name: keyof ConnectionView & string) =>
    values?.[name] ?? (view[name] as string | null) ?? "";
  const errors = problem?.fields ?? {};
  const field = (
    name: "phoneNumberId" | "businessAccountId" | "accessToken" | "verifyToken" | "appSecret",
    label: string,
    hint: string,
    secret = false,
  ) => (
    <Field id={`wa-${name}`} name={name} label={label} hint={hint} error={errors[name]}>
      <Input
        id={`wa-${name}`}
        name={name}
        value={value(name)}
        autocomplete="off"
        spellcheck={false}
        readOnly={!may.edit}
        invalid={Boolean(errors[name])}
        {...(secret ? { "data-secret": "" } : {})}
      />
    </Field>
  );
  return (
    <>
      <PageHeader
        title="WhatsApp"
        subtitle="Your clinic's own WhatsApp Business number on Meta's Cloud API"
      >
        {may.logs && (
          <ButtonLink href="/settings/whatsapp/messages" variant="secondary">
            Message log
          </ButtonLink>
        )}
      </PageHeader>
      {notice && NOTICES[notice] && (
        <div class="mb-6">
          <Notice tone="success">{NOTICES[notice]}</Notice>
        </div>
      )}
      {problem && (
        <div class="mb-6">
          <Notice tone="error">{problem.message}</Notice>
        </div>
      )}
      <div class="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div class="space-y-6 lg:col-span-2">
          <Card title="Connection" action={<StateBadge view={view} />}>
            <div class="space-y-4 p-5">
              {view.state === "failing" && (
                <Notice tone="error">
                  Failing since{" "}
                  {view.failingSince ? formatDateTime(view.failingSince, timeZone) : "—"}:{" "}
                  {view.lastError ?? "Meta refused the credentials"}
                </Notice>
              )}
              {view.verifiedName && (
                <p class="text-sm text-slate-600" data-connected-number>
                  <span class="font-semibold text-slate-900">{view.verifiedName}</span>
                  {" · "}
                  {view.displayPhoneNumber}
                  {view.qualityRating && ` · quality ${view.qualityRating.toLowerCase()}`}
                </p>
              )}
              <form
                id="whatsapp-connection"
                method="post"
                action="/settings/whatsapp"
                class="space-y-4"
              >
                <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                  {field("phoneNumberId", "Phone number ID", "From Meta: WhatsApp → API Setup")}
                  {field("businessAccountId", "WhatsApp Business account ID", "Optional")}
                </div>
                {field("accessToken", "Access token", "A permanent system-user token", true)}
                <div class="grid grid-cols-1 gap-4 sm:grid-cols-2">
                  {field(
                    "verifyToken",
                    "Webhook verify token",
                    "Any phrase; enter the same in Meta",
                    true,
                  )}
                  {field("appSecret", "App secret", "Meta app → Settings → Basic", true)}
                </div>
                <p class="text-xs text-slate-500">
                  Stored values show as •••• and their last four characters; leave them as they are
                  to keep them.
                </p>
                <div class="flex flex-wrap items-start gap-3">
                  {may.edit && <Button type="submit">Save connection</Button>}
                  {may.test && <WhatsappConnectionTest formId="whatsapp-connection" />}
                </div>
              </form>
            </div>
          </Card>
          <Card title="Automated messages">
            <form method="post" action="/settings/whatsapp/templates" class="p-5">
              <p class="mb-4 text-sm text-slate-500">
                Approved templates in your Meta account. Parameters are filled in the order shown.
              </p>
              <div class="divide-y divide-slate-100">
                {TEMPLATE_KIND_KEYS.map((kind) => (
                  <div key={kind} class="grid grid-cols-1 gap-3 py-3 sm:grid-cols-5 sm:items-start">
                    <div class="sm:col-span-2">
                      <p class="text-sm font-medium text-slate-900">{TEMPLATE_KINDS[kind].label}</p>
                      <p class="mt-0.5 text-xs text-slate-500">
                        {TEMPLATE_KINDS[kind].params.map((p, i) =>
                          `{{${i + 1}}} ${p}`
                        ).join(", ")}
                        {TEMPLATE_KINDS[kind].actions && "; buttons Confirm and Cancel"}
                      </p>
                    </div>
                    <Input
                      name={`${kind}.name`}
                      aria-label={`${TEMPLATE_KINDS[kind].label} template name`}
                      value={view.templates[kind].name}
                      readOnly={!may.templates}
                      class="sm:col-span-2"
                    />
                    <Input
                      name={`${kind}.language`}
                      aria-label={`${TEMPLATE_KINDS[kind].label} language`}
                      value={view.templates[kind].language}
                      readOnly={!may.templates}
                    />
                  </div>
                ))}
              </div>
              {may.templates && (
                <Button type="submit" variant="secondary" class="mt-4">Save templates</Button>
              )}
            </form>
          </Card>
        </div>
        <div class="space-y-6">
          <Card title="Webhook">
            <div class="space-y-3 p-5 text-sm text-slate-600">
              <p>
                Paste this callback URL and your verify token into Meta's app dashboard (WhatsApp →
                Configuration), then subscribe to <code>messages</code>.
              </p>
              <Input readOnly value={view.webhookUrl} aria-label="Webhook URL" data-webhook-url />
            </div>
          </Card>
          {may.edit && view.connected && (
            <Card title="Disconnect">
              <form
                method="post"
                action="/settings/whatsapp/disconnect"
                class="space-y-3 p-5 text-sm text-slate-600"
              >
                <p>
                  Deletes the credentials. Nothing is sent or received until a number is connected
                  again.
                </p>
                <Button type="submit" variant="danger">Disconnect WhatsApp</Button>
              </form>
            </Card>
          )}
        </div>
      </div>
    </>
  );
}
