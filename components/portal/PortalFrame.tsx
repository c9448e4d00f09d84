/**
 * The light frame of the portal pages a patient sees before signing in: the
 * invitation, sign-in, and links that no longer work. Phone first, no script
 * of its own.
 */
import type { ComponentChildren } from "preact";
import { Icon } from "../Icon.tsx";

export function PortalFrame(
  { clinicName, children }: { clinicName?: string; children: ComponentChildren },
) {
  return (
    <div class="min-h-screen flex flex-col bg-slate-100">
      <header class="px-4 pt-8 pb-5 text-center sm:pt-14">
        <span class="mx-auto grid h-11 w-11 place-items-center rounded-xl bg-brand-600 text-white shadow-sm">
          <Icon name="tooth" class="h-6 w-6" />
        </span>
        <p class="mt-3 text-lg font-semibold text-slate-900" data-clinic-name>
          {clinicName ?? "Patient portal"}
        </p>
        {clinicName && <p class="text-sm text-slate-600">Patient portal</p>}
      </header>
      <main class="flex-1 px-4 pb-10">
        <div class="mx-auto w-full max-w-md rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
          {children}
        </div>
      </main>
      <footer class="pb-6 text-center text-xs text-slate-600">Powered by OdontoX</footer>
    </div>
  );
}
