/** The doctor and operatory filter: a GET form, so a filtered view is a link like any other. */
import { Button, ButtonLink, Select } from "../ui/mod.ts";
import type { CalendarViewData } from "../../lib/calendar/calendar-view.ts";
import { calendarHref, type CalendarPageState } from "./calendar-links.ts";

const LABEL = "mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500";

/** One select per row on a phone: two side by side cut "All operatories" short at 390 px. */
export function CalendarFilters(
  { state, data }: { state: CalendarPageState; data: CalendarViewData },
) {
  const { query } = state;
  const filtered = Boolean(query.doctorId || query.operatoryId);
  return (
    <form
      method="get"
      action="/calendar"
      class="grid grid-cols-1 items-end gap-3 sm:grid-cols-[1fr_1fr_auto]"
      data-calendar-filters
    >
      <input type="hidden" name="view" value={query.view} />
      <input type="hidden" name="date" value={query.date} />
      <label class="block min-w-0">
        <span class={LABEL}>Doctor</span>
        <Select name="doctor">
          <option value="">All doctors</option>
          {data.doctors.map((d) => (
            <option key={d.id} value={d.id} selected={d.id === query.doctorId}>{d.name}</option>
          ))}
        </Select>
      </label>
      <label class="block min-w-0">
        <span class={LABEL}>Operatory</span>
        <Select name="operatory">
          <option value="">All operatories</option>
          {data.operatories.map((o) => (
            <option key={o.id} value={o.id} selected={o.id === query.operatoryId}>
              {o.name}
              {o.active ? "" : " (not in use)"}
            </option>
          ))}
        </Select>
      </label>
      <div class="flex gap-2">
        <Button size="sm" class="flex-1 px-4">Apply</Button>
        {filtered && (
          <ButtonLink
            href={calendarHref({ ...state, query: { view: query.view, date: query.date } })}
            variant="secondary"
            size="sm"
          >
            Clear
          </ButtonLink>
        )}
      </div>
    </form>
  );
}
