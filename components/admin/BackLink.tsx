/** The link above an admin page's header, back to the page it was opened from. */
import { Icon } from "../Icon.tsx";

export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <a
      href={href}
      class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-900"
    >
      <Icon name="arrowLeft" class="h-4 w-4" />
      {label}
    </a>
  );
}
