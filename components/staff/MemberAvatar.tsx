/** A member's initials in a circle; muted for someone who cannot sign in. */
function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((p) => p[0]!.toUpperCase()).join("");
}

export function MemberAvatar({ name, muted }: { name: string; muted?: boolean }) {
  return (
    <span
      class={`grid h-10 w-10 shrink-0 place-items-center rounded-full text-sm font-semibold ${
        muted ? "bg-slate-100 text-slate-400" : "bg-brand-50 text-brand-700"
      }`}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}
