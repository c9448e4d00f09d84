/**
 * The Settings hub: a card for each section the member may open, marked
 * "View only" where they may read but not change it, and the clinic's plan.
 */
import type { ComponentChildren } from "preact";
import type { StaffContext } from "../../lib/auth/staff-context.ts";
import type { Plan } from "../../lib/admin/clinic-plans.ts";
import { type Access, can } from "../../lib/permissions/access.ts";
import { planPriceText } from "../plans/plan-price.ts";
import { Badge, PageHeader } from "../ui/mod.ts";
import { Icon, type IconName } from "../Icon.tsx";

const VIEW_ONLY = "View only";

function HubCard({ id, href, icon, title, description, badge, children }: {
  id?: string;
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
            {badge && <Badge>{badge}</Badge>}
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
    : <section id={id} class={base}>{inner}</section>;
}

export function SettingsHub({ me, plan }: { me: StaffContext; plan?: Plan }) {
  const access = me.access as Access;
  const editBadge = (permission: string) => can(access, permission) ? undefined : VIEW_ONLY;
  return (
    <>
      <PageHeader title="Settings" subtitle={`How ${me.clinic?.name ?? "the clinic"} works`} />
      <div class="grid grid-cols-1 gap-4 md:grid-cols-2">
        {can(access, "settings.templates.view") && (
          <HubCard
            href="/settings/permission-templates"
            icon="shield"
            title="Permission templates"
            description="What each role can see and do, starting from your plan's defaults."
            badge={editBadge("settings.templates.edit")}
          />
        )}
        {access.modules.has("lab") && can(access, "settings.lab.view") && (
          <HubCard
            href="/settings/lab"
            icon="flask"
            title="Lab settings"
            description="Default turnaround, shade requirements and the lab instruction footer."
            badge={editBadge("settings.lab.edit")}
          />
        )}
        {can(access, "settings.notifications.view") && (
          <HubCard
            href="/settings/notifications"
            icon="message"
            title="Notification preferences"
            description="Booking emails, cancellation alerts, lab updates and stock reports."
            badge={editBadge("settings.notifications.edit")}
          />
        )}
        {can(access, "settings.clinic.view") && (
          <HubCard
            href="/settings/logo"
            icon="building"
            title="Clinic logo"
            description="Shown in the menu, on emails, and on printed plans, invoices and receipts."
            badge={editBadge("settings.clinic.edit")}
          />
        )}
        {can(access, "settings.clinic.view") && (
          <HubCard
            href="/settings/contact"
            icon="message"
            title="Clinic contact"
            description="The phone, email and address patients see on the portal and in appointment emails."
            badge={editBadge("settings.clinic.edit")}
          />
        )}
        {can(access, "settings.clinic.view") && (
          <HubCard
            href="/settings/chart"
            icon="tooth"
            title="Chart colours"
            description="How the dental chart draws conditions, existing work, planned and completed treatment."
            badge={editBadge("settings.clinic.edit")}
          />
        )}
        {can(access, "settings.calendar.view") && (
          <HubCard
            href="/settings/working-hours"
            icon="calendar"
            title="Working hours"
            description="The weekdays and hours the clinic is open, for the calendar and booking."
            badge={editBadge("settings.calendar.edit")}
          />
        )}
        {can(access, "settings.billing.view") && (
          <HubCard
            href="/settings/billing"
            icon="receipt"
            title="Billing"
            description="The tax on invoices, if the clinic charges one, and the payment terms."
            badge={editBadge("settings.billing.edit")}
          />
        )}
        {access.modules.has("bridge") && can(access, "bridge.devices.view") && (
          <HubCard
            href="/settings/bridge-devices"
            icon="bridge"
            title="Bridge devices"
            description="Chairside PCs that upload X-ray captures, and their API keys."
            badge={editBadge("bridge.devices.create")}
          />
        )}
        {access.modules.has("whatsapp_api") && can(access, "whatsapp.config.view") && (
          <HubCard
            href="/settings/whatsapp"
            icon="message"
            title="WhatsApp"
            description="Your Meta WhatsApp number, its webhook and the automated messages' templates."
            badge={editBadge("whatsapp.config.edit")}
          />
        )}
        {plan && can(access, "settings.subscription.view") && (
          <HubCard
            id="plan"
            icon="receipt"
            title="Subscription"
            description="Your plan is managed by OdontoX. Contact support to change it."
          >
            <div class="mt-4 flex items-baseline justify-between gap-4 rounded-lg bg-slate-50 px-4 py-3">
              <p class="text-sm text-slate-600">
                <span class="font-semibold text-slate-900">{plan.name}</span> plan
              </p>
              <p class="text-sm text-slate-600">
                {planPriceText(plan)}
              </p>
            </div>
          </HubCard>
        )}
      </div>
    </>
  );
}
