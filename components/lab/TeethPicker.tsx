/**
 * A small permanent-dentition chart of checkboxes (`tooth-<FDI>`), laid out
 * as the clinician faces the patient. Works without JavaScript.
 */
import { archRows } from "../../lib/clinical/teeth.ts";

export function TeethPicker({ selected }: { selected: ReadonlySet<number> }) {
  const { upper, lower } = archRows("permanent");
  const row = (teeth: string[], label: string) => (
    <div class="grid grid-cols-8 gap-1 sm:grid-cols-16" role="group" aria-label={label}>
      {teeth.map((tooth) => (
        <label key={tooth} class="relative block cursor-pointer">
          <input
            type="checkbox"
            name={`tooth-${tooth}`}
            checked={selected.has(Number(tooth))}
            class="peer absolute inset-0 h-full w-full cursor-pointer opacity-0"
            aria-label={`Tooth ${tooth}`}
          />
          <span class="flex h-9 items-center justify-center rounded-md bg-white text-xs font-medium text-slate-700 ring-1 ring-slate-200 peer-checked:bg-brand-600 peer-checked:text-white peer-checked:ring-brand-600 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500">
            {tooth}
          </span>
        </label>
      ))}
    </div>
  );
  return (
    <fieldset class="space-y-2" data-teeth-picker>
      <legend class="sr-only">Teeth</legend>
      {row(upper, "Upper arch")}
      <div class="border-t border-dashed border-slate-300" />
      {row(lower, "Lower arch")}
    </fieldset>
  );
}
