/** The centred, brand-tinted frame of pages seen without a session: sign-in, errors, resume. */
import type { ComponentChildren } from "preact";
import { Icon } from "./Icon.tsx";

export function AuthLayout({ children }: { children: ComponentChildren }) {
  return (
    <div class="min-h-screen flex flex-col bg-gradient-to-br from-brand-950 via-slate-900 to-slate-900">
      <header class="px-6 pt-8 sm:pt-12 flex justify-center">
        <a href="/" class="flex items-center gap-2.5 text-white">
          <span class="grid place-items-center w-10 h-10 rounded-xl bg-brand-500 shadow-lg shadow-brand-900/40">
            <Icon name="tooth" class="w-6 h-6" />
          </span>
          <span class="text-2xl font-semibold tracking-tight">
            Odonto<span class="text-brand-300">X</span>
          </span>
        </a>
      </header>
      <main class="flex-1 flex items-start sm:items-center justify-center px-4 py-8 sm:py-12">
        <div class="w-full max-w-md">{children}</div>
      </main>
      <footer class="pb-6 text-center text-xs text-slate-500">
        OdontoX · Cloud software for dental clinics
      </footer>
    </div>
  );
}

export function Panel({ children }: { children: ComponentChildren }) {
  return <div class="rounded-2xl bg-white p-6 sm:p-8 shadow-2xl shadow-black/30">{children}</div>;
}
