/** Staff roles as people read them, and the coloured badge that shows one. */
export const ROLE_LABELS: Record<string, string> = {
  owner: "Owner",
  admin: "Admin",
  doctor: "Doctor",
  nurse: "Nurse",
  reception: "Reception",
};

const ROLE_STYLES: Record<string, string> = {
  owner: "bg-brand-50 text-brand-700 ring-brand-200",
  admin: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  doctor: "bg-sky-50 text-sky-700 ring-sky-200",
  nurse: "bg-amber-50 text-amber-700 ring-amber-200",
  reception: "bg-rose-50 text-rose-700 ring-rose-200",
};

export function RoleBadge({ role }: { role: string }) {
  return (
    <span
      class={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        ROLE_STYLES[role] ?? "bg-slate-50 text-slate-700 ring-slate-200"
      }`}
    >
      {ROLE_LABELS[role] ?? role}
    </span>
  );
}
