/** The banner a page shows after a form post: saved, refused, or for information. */
import type { ComponentChildren } from "preact";

const TONES = {
  success: "bg-brand-50 text-brand-800 ring-brand-200",
  info: "bg-slate-50 text-slate-700 ring-slate-200",
  error: "bg-red-50 text-red-700 ring-red-200",
} as const;

export function Notice(
  { tone, children }: { tone: keyof typeof TONES; children: ComponentChildren },
) {
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      class={`mb-6 rounded-lg px-4 py-3 text-sm ring-1 ${TONES[tone]}`}
    >
      {children}
    </p>
  );
}
