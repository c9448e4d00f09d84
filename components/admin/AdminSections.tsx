/**
 * The superadmin area's top tab bar, above every `/admin` page. On a phone
 * it scrolls sideways instead of wrapping, so every section stays one tap
 * away without a menu.
 */
import { Icon } from "../Icon.tsx";
import { ADMIN_SECTIONS, currentSection } from "./admin-sections.ts";

export function AdminSections({ current }: { current: string }) {
  const active = currentSection(current);
  return (
    <nav
      aria-label="Platform sections"
      class="-mx-4 mb-6 overflow-x-auto border-b border-slate-200 px-4 sm:-mx-6 sm:px-6 lg:mx-0 lg:px-0"
      data-admin-sections
    >
      <ul class="flex min-w-max gap-1">
        {ADMIN_SECTIONS.map((section) => {
          const here = section === active;
          return (
            <li key={section.href}>
              <a
                href={section.href}
                aria-current={here ? "page" : undefined}
                class={`-mb-px flex items-center gap-2 whitespace-nowrap border-b-2 px-3 py-2.5 text-sm font-medium ${
                  here
                    ? "border-brand-600 text-brand-700"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                <Icon name={section.icon} class="h-4 w-4 shrink-0" />
                {section.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
