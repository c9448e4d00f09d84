/** The link back to the Settings hub, above each settings page's header. */
import { Icon } from "../Icon.tsx";

export function SettingsBackLink() {
  return (
    <a
      href="/settings"
      class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-900"
    >
      <Icon name="arrowLeft" class="h-4 w-4" />
      Settings
    </a>
  );
}
