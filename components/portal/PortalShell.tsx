/**
 * The signed-in portal's frame: the clinic's name, the patient's two pages
 * (appointments, details) and sign-out. Light, phone first, no islands.
 */
import type { ComponentChildren } from "preact";
import { Icon } from "../Icon.tsx";

const PAGES = [
  { href: "/portal", label: "Appointments" },
  { href: "/portal/profile", label: "My details" },
];

export function PortalShell(
  { clinicName, patientName, current, children }: {
    clinicName: string;
    patientName: string;
    current: string;
    children: ComponentChildren;
  },
) {
  return (
    <div class="min-h-screen bg-slate-100">
      <header class="border-b border-slate-200 bg-white">
        <div class="mx-auto flex max-w-3xl items-center justify-between gap-3 px-4 py-3">
          <a href="/portal" class="flex min-w-0 items-center gap-2.5">
            <span class="grid h-9 w-9 shrink-0 place-items-center rounded-lg bg-brand-600 text-white">
              <Icon name="tooth" class="h-5 w-5" />
            </span>
            <span class="min-w-0">
              <span class="block truncate text-sm font-semibold text-slate-900" data-clinic-name>
                {clinicName}
              </span>
              <span class="block truncate text-xs text-slate-500">Patient portal</span>
            </span>
          </a>
          <form method="post" action="/portal/logout">
            <button
              type="submit"
              class="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            >
              <Icon name="logout" class="h-4 w-4" />
              Sign out
            </button>
          </form>
        </div>
        <nav aria-label="Portal" class="mx-auto flex max-w-3xl gap-1 px-4">
          {PAGES.map((page) => {
            const active = page.href === current;
            return (
              <a
                key={page.href}
                href={page.href}
                aria-current={active ? "page" : undefined}
                class={`border-b-2 px-3 pb-2.5 pt-1 text-sm font-medium ${
                  active
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-slate-600 hover:text-slate-900"
                }`}
              >
                {page.label}
              </a>
            );
          })}
        </nav>
      </header>
      <main class="mx-auto max-w-3xl px-4 py-6 sm:py-8">
        <p class="sr-only">Signed in as {patientName}</p>
        {children}
      </main>
      <footer class="pb-8 text-center text-xs text-slate-600">Powered by OdontoX</footer>
    </div>
  );
}
