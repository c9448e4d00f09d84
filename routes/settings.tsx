/**
 * The Settings hub and its section pages. A member sees the cards for the
 * sections they may open; a section they may read but not change renders
 * read-only ("Receptionist Improvements"), and its form refuses to post.
 */
import { type Context, Hono } from "hono";
import type { ComponentChildren } from "preact";
import { AppShell } from "../components/AppShell.tsx";
import { Notice } from "../components/Notice.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import { Icon, type IconName } from "../components/Icon.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext, type StaffContext } from "../lib/auth/staff-context.ts";
import { AppError } from "../lib/errors.ts";
import { can } from "../lib/permissions/access.ts";
import { MODULE_LABELS } from "../lib/permissions/access.ts";
import { pageAllows, pageRequires, pageRequiresModule } from "../lib/permissions/page-guards.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { listPlans } from "../lib/admin/clinic-plans.ts";
import {
  readSection,
  saveSection,
  type SectionKey,
  SETTINGS_SECTIONS,
  valuesFromForm,
} from "../lib/settings/sections.ts";
import { formatDateTime, formatMoney } from "../lib/view/format.ts";
import { renderDocument } from "../lib/view/render.ts";
import { staffPage } from "./resume.tsx";

function page(c: Context<AppEnv>, me: StaffContext, title: string, body: ComponentChildren) {
  return renderDocument(
    <AppShell
      me={me}
      refreshLeadMs={c.var.deps.config.refreshLeadSeconds * 1000}
      current="/settings"
    >
      {body}
    </AppShell>,
    { title },
  );
}

function HubCard({ href, icon, title, description, badge, children }: {
  href?: string;
  icon: IconName;
  title: string;
  description: string;
  badge?: string;
  children?: ComponentChildren;
}) {
  const inner = (
    <>
      <div class="flex items-start gap-4">
        <span class="grid h-10 w-10 shrink-0 place-items-center rounded-lg bg-brand-50 text-brand-700">
          <Icon name={icon} class="h-5 w-5" />
        </span>
        <div class="min-w-0 flex-1">
          <div class="flex flex-wrap items-center gap-2">
            <h2 class="text-base font-semibold text-slate-900">{title}</h2>
            {badge && (
              <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">
                {badge}
              </span>
            )}
          </div>
          <p class="mt-1 text-sm text-slate-500">{description}</p>
        </div>
      </div>
      {children}
    </>
  );
  const base = "block rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";
  return href
    ? (
      <a href={href} class={`${base} transition hover:ring-brand-300 hover:shadow-md`}>
        {inner}
      </a>
    )
    : <section class={base}>{inner}</section>;
}

const EDIT_BADGE = "View only";

type Field =
  & { key: string; label: string; hint: string; module?: string }
  & (
    | { kind: "number"; min: number; max: number; suffix: string }
    | { kind: "checkbox" }
    | { kind: "textarea"; maxLength: number }
  );

interface SectionPage {
  title: string;
  description: string;
  groups: { title: string; fields: Field[] }[];
}

const SECTION_PAGES: Record<SectionKey, SectionPage> = {
  lab: {
    title: "Lab settings",
    description: "How new lab cases are prepared and what the lab receives with them.",
    groups: [{
      title: "Lab cases",
      fields: [
        {
          key: "defaultTurnaroundDays",
          kind: "number",
          min: 1,
          max: 60,
          suffix: "days",
          label: "Default turnaround",
          hint: "The due date suggested for a new case, counted from the day it is sent (1–60).",
        },
        {
          key: "requireShadeOnCrowns",
          kind: "checkbox",
          label: "Require a shade on crowns",
          hint: "A crown case cannot be sent to the lab until a shade is recorded.",
        },
        {
          key: "labInstructionsFooter",
          kind: "textarea",
          maxLength: 500,
          label: "Lab instructions footer",
          hint: "Printed at the bottom of every lab instruction sheet (up to 500 characters).",
        },
      ],
    }],
  },
  notifications: {
    title: "Notification preferences",
    description: "Which events the clinic is told about, and how.",
    groups: [
      {
        title: "Appointments",
        fields: [
          {
            key: "appointmentBookedEmail",
            kind: "checkbox",
            label: "Email the patient when an appointment is booked",
            hint:
              "Patients with an email address on file get the time, and a new email if it moves.",
          },
          {
            key: "reminderLeadHours",
            kind: "number",
            min: 1,
            max: 168,
            suffix: "hours before",
            label: "Appointment reminder",
            hint: "When patients with an email address are reminded of their visit (1–168 hours).",
          },
          {
            key: "appointmentCancelledInApp",
            kind: "checkbox",
            label: "In-app alert when an appointment is cancelled",
            hint: "Shown to staff on duty, including cancellations from the patient's email link.",
          },
        ],
      },
      {
        title: "Lab",
        fields: [{
          key: "labCaseUpdatesInApp",
          kind: "checkbox",
          module: "lab",
          label: "In-app alert when a lab updates a case",
          hint: "Status changes and files the lab adds through its shared link.",
        }],
      },
      {
        title: "Inventory",
        fields: [
          {
            key: "endOfDayEmail",
            kind: "checkbox",
            module: "inventory",
            label: "End-of-day summary email",
            hint: "Sent to the clinic owner at 4:00 PM: items used today and low-stock alerts.",
          },
          {
            key: "lowStockEmail",
            kind: "checkbox",
            module: "inventory",
            label: "Low-stock alert email",
            hint: "Sent once when an item falls below its reorder threshold.",
          },
        ],
      },
    ],
  },
};

const INPUT =
  "block rounded-lg border border-slate-300 px-3.5 py-2.5 text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500";

function FieldRow({ field, value, readOnly, error, modules }: {
  field: Field;
  value: unknown;
  readOnly: boolean;
  error?: string;
  modules: ReadonlySet<string>;
}) {
  const id = `field-${field.key}`;
  const missingModule = field.module && !modules.has(field.module)
    ? `Takes effect when the clinic has the ${MODULE_LABELS.get(field.module)} module.`
    : null;
  const hint = (
    <>
      <p id={`${id}-hint`} class="mt-1 text-sm text-slate-500">{field.hint}</p>
      {missingModule && <p class="mt-1 text-xs text-amber-700">{missingModule}</p>}
      {error && <p class="mt-1 text-sm text-red-700">{error}</p>}
    </>
  );
  if (field.kind === "checkbox") {
    return (
      <div class="flex items-start gap-3 px-5 py-4">
        <input
          id={id}
          type="checkbox"
          name={field.key}
          checked={value === true}
          disabled={readOnly}
          aria-describedby={`${id}-hint`}
          class="mt-0.5 h-5 w-5 shrink-0 accent-brand-600 disabled:cursor-not-allowed"
        />
        <div class="min-w-0">
          <label for={id} class="text-sm font-medium text-slate-900">{field.label}</label>
          {hint}
        </div>
      </div>
    );
  }
  return (
    <div class="px-5 py-4">
      <label for={id} class="block text-sm font-medium text-slate-900">{field.label}</label>
      <div class="mt-1.5">
        {field.kind === "number"
          ? (
            <div class="flex items-center gap-2">
              <input
                id={id}
                type="number"
                name={field.key}
                value={String(value ?? "")}
                min={field.min}
                max={field.max}
                step={1}
                required
                disabled={readOnly}
                aria-describedby={`${id}-hint`}
                class={`${INPUT} w-28`}
              />
              <span class="text-sm text-slate-500">{field.suffix}</span>
            </div>
          )
          : (
            <textarea
              id={id}
              name={field.key}
              rows={4}
              maxLength={field.maxLength}
              disabled={readOnly}
              aria-describedby={`${id}-hint`}
              class={`${INPUT} w-full max-w-2xl`}
            >
              {String(value ?? "")}
            </textarea>
          )}
      </div>
      {hint}
    </div>
  );
}

function SectionForm({ section, values, readOnly, errors, modules, updatedAt, timeZone }: {
  section: SectionKey;
  values: Record<string, unknown>;
  readOnly: boolean;
  errors: Record<string, string>;
  modules: ReadonlySet<string>;
  updatedAt: Date | null;
  timeZone: string;
}) {
  const spec = SECTION_PAGES[section];
  return (
    <form method="post" action={`/settings/${section}`} class="space-y-6">
      {spec.groups.map((group) => (
        <Card key={group.title} title={group.title}>
          <div class="divide-y divide-slate-100">
            {group.fields.map((field) => (
              <FieldRow
                key={field.key}
                field={field}
                value={values[field.key]}
                readOnly={readOnly}
                error={errors[field.key]}
                modules={modules}
              />
            ))}
          </div>
        </Card>
      ))}
      <div class="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p class="text-sm text-slate-500">
          {updatedAt
            ? `Last changed ${formatDateTime(updatedAt, timeZone)}`
            : "These are the defaults; nobody has changed them yet."}
        </p>
        {!readOnly && (
          <button
            type="submit"
            class="rounded-lg bg-brand-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2"
          >
            Save changes
          </button>
        )}
      </div>
    </form>
  );
}

function BackLink() {
  return (
    <a
      href="/settings"
      class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-900"
    >
      <Icon name="arrowLeft" class="h-4 w-4" />
      Settings
    </a>
  );
}

async function renderSection(
  c: Context<AppEnv>,
  section: SectionKey,
  submitted?: { values: Record<string, unknown>; errors: Record<string, string> },
) {
  const { deps, principal } = c.var;
  const me = await loadStaffContext(deps, principal);
  const access = me.access!;
  const state = await readSection(deps.db, access.clinicId, section);
  const readOnly = !can(access, SETTINGS_SECTIONS[section].edit);
  const spec = SECTION_PAGES[section];
  const saved = c.req.query("notice") === "saved";
  return page(
    c,
    me,
    spec.title,
    <>
      <BackLink />
      <PageHeader title={spec.title} subtitle={spec.description} />
      {saved && !submitted && <Notice tone="success">{spec.title} saved.</Notice>}
      {submitted && (
        <Notice tone="error">
          Nothing was saved: correct the highlighted fields and try again.
        </Notice>
      )}
      {readOnly && <Notice tone="info">You can view but not change these settings.</Notice>}
      <SectionForm
        section={section}
        values={submitted?.values ?? state.values}
        readOnly={readOnly}
        errors={submitted?.errors ?? {}}
        modules={access.modules}
        updatedAt={state.updatedAt}
        timeZone={me.clinic?.timeZone ?? "Asia/Karachi"}
      />
    </>,
  );
}

async function submitSection(c: Context<AppEnv>, section: SectionKey) {
  const access = c.var.access!;
  const values = valuesFromForm(section, await c.req.parseBody());
  try {
    await saveSection(c.var.deps.db, {
      clinicId: access.clinicId,
      section,
      values,
      actorId: c.var.principal.userId,
    });
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 400) throw error;
    const errors: Record<string, string> = {};
    for (const issue of (error.extra.issues ?? []) as { path: string; message: string }[]) {
      errors[issue.path] ??= issue.message;
    }
    return c.html(await renderSection(c, section, { values, errors }), 400);
  }
  return c.redirect(`/settings/${section}?notice=saved`, 303);
}

async function hub(c: Context<AppEnv>) {
  const { deps, principal } = c.var;
  const me = await loadStaffContext(deps, principal);
  const access = me.access!;
  const plan = (await listPlans(deps.db)).find((p) => p.id === access.planId);
  const viewOnly = (section: SectionKey) =>
    can(access, SETTINGS_SECTIONS[section].edit) ? undefined : EDIT_BADGE;
  return page(
    c,
    me,
    "Settings",
    <>
      <PageHeader title="Settings" subtitle={`How ${me.clinic?.name ?? "the clinic"} works`} />
      <div class="grid grid-cols-1 gap-4 md:grid-cols-2">
        {can(access, "settings.templates.view") && (
          <HubCard
            href="/settings/permission-templates"
            icon="shield"
            title="Permission templates"
            description="What each role can see and do, starting from your plan's defaults."
            badge={can(access, "settings.templates.edit") ? undefined : EDIT_BADGE}
          />
        )}
        {access.modules.has("lab") && can(access, "settings.lab.view") && (
          <HubCard
            href="/settings/lab"
            icon="flask"
            title="Lab settings"
            description="Default turnaround, shade requirements and the lab instruction footer."
            badge={viewOnly("lab")}
          />
        )}
        {can(access, "settings.notifications.view") && (
          <HubCard
            href="/settings/notifications"
            icon="message"
            title="Notification preferences"
            description="Booking emails, cancellation alerts, lab updates and stock reports."
            badge={viewOnly("notifications")}
          />
        )}
        {access.modules.has("bridge") && can(access, "bridge.devices.view") && (
          <HubCard
            href="/settings/bridge-devices"
            icon="bridge"
            title="Bridge devices"
            description="Chairside PCs that upload X-ray captures, and their API keys."
            badge={can(access, "bridge.devices.create") ? undefined : EDIT_BADGE}
          />
        )}
        {plan && can(access, "settings.subscription.view") && (
          <HubCard
            icon="receipt"
            title="Subscription"
            description="Your plan is managed by OdontoX. Contact support to change it."
          >
            <div class="mt-4 flex items-baseline justify-between gap-4 rounded-lg bg-slate-50 px-4 py-3">
              <p class="text-sm text-slate-600">
                <span class="font-semibold text-slate-900">{plan.name}</span> plan
              </p>
              <p class="text-sm text-slate-600">
                {plan.priceMinor
                  ? `${formatMoney(plan.priceMinor, plan.currency)} / ${plan.billingInterval}`
                  : "No charge"}
              </p>
            </div>
          </HubCard>
        )}
      </div>
    </>,
  );
}

export const settingsRoutes = new Hono<AppEnv>()
  .get("/settings", staffPage, pageAllows(PAGE_ACCESS.settings), async (c) => c.html(await hub(c)))
  .get(
    "/settings/lab",
    staffPage,
    pageRequiresModule("lab"),
    pageRequires("settings.lab.view"),
    async (c) => c.html(await renderSection(c, "lab")),
  )
  .post(
    "/settings/lab",
    staffPage,
    pageRequiresModule("lab"),
    pageRequires("settings.lab.edit"),
    (c) => submitSection(c, "lab"),
  )
  .get(
    "/settings/notifications",
    staffPage,
    pageRequires("settings.notifications.view"),
    async (c) => c.html(await renderSection(c, "notifications")),
  )
  .post(
    "/settings/notifications",
    staffPage,
    pageRequires("settings.notifications.edit"),
    (c) => submitSection(c, "notifications"),
  );
