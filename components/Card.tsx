/** A titled white surface, the unit the dashboard pages are built from. */
import type { ComponentChildren } from "preact";

export function Card(
  { title, action, children, class: className = "" }: {
    title?: string;
    action?: ComponentChildren;
    children: ComponentChildren;
    class?: string;
  },
) {
  return (
    <section class={`rounded-xl bg-white shadow-sm ring-1 ring-slate-200 ${className}`}>
      {title && (
        <header class="flex items-center justify-between gap-4 border-b border-slate-100 px-5 py-3.5">
          <h2 class="text-sm font-semibold text-slate-900">{title}</h2>
          {action}
        </header>
      )}
      {children}
    </section>
  );
}

export function Stat(
  { label, value, hint }: { label: string; value: ComponentChildren; hint?: ComponentChildren },
) {
  return (
    <div class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <p class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p class="mt-2 text-2xl font-semibold tracking-tight text-slate-900">{value}</p>
      {hint && <p class="mt-1 text-sm text-slate-500">{hint}</p>}
    </div>
  );
}

export function PageHeader(
  { title, subtitle, children }: {
    title: string;
    subtitle?: ComponentChildren;
    children?: ComponentChildren;
  },
) {
  return (
    <div class="mb-8 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 class="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">{title}</h1>
        {subtitle && <p class="mt-1 text-sm text-slate-500">{subtitle}</p>}
      </div>
      {children}
    </div>
  );
}
