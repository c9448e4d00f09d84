/**
 * The frame of every signed-in staff page: sidebar navigation on desktop, a
 * top bar with a disclosure menu on phones (no script needed), and the
 * session runtime island that keeps the tokens fresh.
 */
import type { ComponentChildren } from "preact";
import LiveToasts from "../islands/LiveToasts.tsx";
import NotificationBell from "../islands/NotificationBell.tsx";
import SessionRuntime from "../islands/SessionRuntime.tsx";
import { Icon } from "./Icon.tsx";
import { AdminSections } from "./admin/AdminSections.tsx";
import { ROLE_LABELS } from "./RoleBadge.tsx";
import { navigationFor, type NavSection } from "./navigation.ts";
import type { StaffContext } from "../lib/auth/staff-context.ts";
import { can } from "../lib/permissions/access.ts";
import { isReadOnly, type SubscriptionState } from "../lib/subscriptions/state.ts";
import { clinicLogoPath } from "../lib/clinic-branding/logo-url.ts";
import { ReadOnlyBanner } from "./onboarding/ReadOnlyBanner.tsx";

export interface AppShellProps {
  me: StaffContext;
  /** Where the clinic stands in its subscription; null outside a clinic. */
  subscription?: SubscriptionState | null;
  refreshLeadMs: number;
  /** Path of the current page, to highlight its navigation entry. */
  current: string;
  children: ComponentChildren;
}

/** Every page of the superadmin area carries the area's tab bar. */
function isAdminArea(me: StaffContext, current: string): boolean {
  return me.user.isSuperadmin && (current === "/admin" || current.startsWith("/admin/"));
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]!.toUpperCase()).join("");
}

function Logo() {
  return (
    <a href="/dashboard" class="flex items-center gap-2.5 font-semibold tracking-tight text-white">
      <span class="grid place-items-center w-8 h-8 rounded-lg bg-brand-500 text-white">
        <Icon name="tooth" class="w-5 h-5" />
      </span>
      <span class="text-lg">
        Odonto<span class="text-brand-300">X</span>
      </span>
    </a>
  );
}

function NavList({ sections, current }: { sections: NavSection[]; current: string }) {
  return (
    <nav aria-label="Main" class="space-y-6">
      {sections.map((section) => (
        <div key={section.title}>
          <p class="px-3 mb-1.5 text-[11px] font-semibold uppercase tracking-wider text-slate-400">
            {section.title}
          </p>
          <ul class="space-y-0.5">
            {section.items.map((item) => {
              const active = item.href === current;
              const base = "flex items-center gap-3 rounded-lg px-3 py-2 text-sm";
              return (
                <li key={item.label}>
                  {item.href
                    ? (
                      <a
                        href={item.href}
                        aria-current={active ? "page" : undefined}
                        class={`${base} font-medium ${
                          active
                            ? "bg-white/10 text-white"
                            : "text-slate-300 hover:bg-white/5 hover:text-white"
                        }`}
                      >
                        <Icon name={item.icon} class="w-5 h-5 shrink-0" />
                        {item.label}
                      </a>
                    )
                    : (
                      <span
                        class={`${base} text-slate-400 cursor-default`}
                        title="Coming in a later release"
                      >
                        <Icon name={item.icon} class="w-5 h-5 shrink-0" />
                        <span class="flex-1">{item.label}</span>
                        <span class="rounded-full bg-white/5 px-2 py-0.5 text-[10px] font-medium uppercase tracking-wide text-slate-400">
                          Soon
                        </span>
                      </span>
                    )}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function UserCard({ me }: { me: StaffContext }) {
  const role = me.user.isSuperadmin ? "Superadmin" : ROLE_LABELS[me.role ?? ""] ?? "";
  return (
    <div class="flex items-center gap-3">
      <span class="grid place-items-center w-9 h-9 shrink-0 rounded-full bg-brand-700 text-sm font-semibold text-white">
        {initials(me.user.name)}
      </span>
      <div class="min-w-0 flex-1">
        <p class="truncate text-sm font-medium text-white">{me.user.name}</p>
        <p class="truncate text-xs text-slate-400">{role}</p>
      </div>
      <form method="post" action="/logout" data-signout>
        <button
          type="submit"
          class="grid place-items-center w-9 h-9 rounded-lg text-slate-400 hover:bg-white/10 hover:text-white"
          title="Sign out"
          aria-label="Sign out"
        >
          <Icon name="logout" class="w-5 h-5" />
        </button>
      </form>
    </div>
  );
}

/** "Trial · 9 days left", for the owner only: the one who decides to upgrade. */
function TrialBadge(
  { me, subscription }: { me: StaffContext; subscription?: SubscriptionState | null },
) {
  if (me.role !== "owner" || subscription?.kind !== "trial") return null;
  const days = subscription.daysLeft;
  return (
    <p class="mt-1.5" data-trial-days={days}>
      <span class="inline-flex items-center rounded-full bg-amber-300 px-2 py-0.5 text-[11px] font-semibold text-amber-950">
        Trial · {days} {days === 1 ? "day" : "days"} left
      </span>
    </p>
  );
}

function ClinicBadge(
  { me, subscription }: { me: StaffContext; subscription?: SubscriptionState | null },
) {
  if (!me.clinic) {
    return (
      <p class="text-xs text-slate-400">
        <span class="font-medium text-slate-200">Platform administration</span>
      </p>
    );
  }
  return (
    <div class="flex items-center gap-3 rounded-lg bg-white/5 px-3 py-2.5">
      {me.clinic.state.logoFileId && (
        <img
          src={clinicLogoPath(me.clinic.state.logoFileId)}
          alt=""
          class="h-9 w-9 shrink-0 rounded-md bg-white object-contain p-0.5"
          data-clinic-logo
        />
      )}
      <div class="min-w-0 flex-1">
        <p class="truncate text-sm font-medium text-white">{me.clinic.name}</p>
        <p class="text-xs text-slate-400">
          {me.clinic.planId === "free"
            ? "Free plan"
            : me.clinic.planId === "pro"
            ? "Pro plan"
            : "Pro+ plan"}
        </p>
        <TrialBadge me={me} subscription={subscription} />
      </div>
    </div>
  );
}

export function AppShell(
  { me, subscription, refreshLeadMs, current, children }: AppShellProps,
) {
  const sections = navigationFor(me.access, me.user.isSuperadmin && !me.clinic);
  return (
    <div class="min-h-screen lg:flex">
      <SessionRuntime
        expiresInMs={Math.max(0, me.expiresAt - Date.now())}
        refreshLeadMs={refreshLeadMs}
      />
      {
        // Live toasts carry X-ray and lab events: no script for those who can see neither.
        me.clinic && (can(me.access, "radiology.view") || can(me.access, "lab.cases.view")) &&
        <LiveToasts />
      }
      {can(me.access, "notifications.view") && (
        // One bell for both layouts (an island mounted twice would fetch twice): it sits
        // at the right of the sidebar's logo row on desktop and beside the menu on phones.
        <div class="fixed right-[3.75rem] top-2 z-30 lg:left-[12.25rem] lg:right-auto lg:top-[1.125rem]">
          <NotificationBell canManage={can(me.access, "notifications.manage")} />
        </div>
      )}
      <aside class="hidden lg:flex lg:w-64 lg:shrink-0 lg:flex-col lg:fixed lg:inset-y-0 bg-slate-900">
        <div class="px-5 pt-5 pb-4">
          <Logo />
        </div>
        <div class="px-4 pb-4">
          <ClinicBadge me={me} subscription={subscription} />
        </div>
        <div class="flex-1 overflow-y-auto px-2 pb-4">
          <NavList sections={sections} current={current} />
        </div>
        <div class="border-t border-white/10 px-4 py-4">
          <UserCard me={me} />
        </div>
      </aside>

      <div class="lg:hidden sticky top-0 z-20 bg-slate-900">
        {
          // The logo's link sits over the bar, outside the summary: a link inside the
          // menu's toggle would be a control within a control.
        }
        <div class="absolute left-4 top-0 z-10 flex h-14 items-center">
          <Logo />
        </div>
        <details class="group">
          <summary class="flex items-center justify-end px-4 h-14 list-none cursor-pointer [&::-webkit-details-marker]:hidden">
            <span class="grid place-items-center w-10 h-10 rounded-lg text-slate-300 group-open:bg-white/10">
              <Icon name="menu" class="w-6 h-6" />
              <span class="sr-only">Menu</span>
            </span>
          </summary>
          <div class="max-h-[calc(100vh-3.5rem)] overflow-y-auto border-t border-white/10 px-3 pt-4 pb-5 space-y-5">
            <ClinicBadge me={me} subscription={subscription} />
            <NavList sections={sections} current={current} />
            <div class="border-t border-white/10 pt-4 px-1">
              <UserCard me={me} />
            </div>
          </div>
        </details>
      </div>

      <main class="flex-1 lg:pl-64 min-w-0">
        <div class="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-10 lg:py-10">
          {isAdminArea(me, current) && <AdminSections current={current} />}
          {subscription && isReadOnly(subscription) && (
            <ReadOnlyBanner
              state={subscription}
              canUpgrade={me.role === "owner"}
            />
          )}
          {children}
        </div>
      </main>
    </div>
  );
}
