/** Settings → Working hours: which weekdays the clinic opens, and when. */
import type { OpeningHours } from "../../lib/appointments/working-hours.ts";
import { SettingsBackLink } from "../settings/BackLink.tsx";
import { Button, Card, Input, Notice, PageHeader } from "../ui/mod.ts";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
// Monday first, as a clinic's week reads.
const ORDER = [1, 2, 3, 4, 5, 6, 0];

export function WorkingHoursPage(
  { hours, canEdit, notice, error }: {
    hours: OpeningHours[];
    canEdit: boolean;
    notice?: string;
    error?: string;
  },
) {
  const byDay = new Map(hours.map((day) => [day.weekday, day]));
  return (
    <>
      <SettingsBackLink />
      <PageHeader
        title="Working hours"
        subtitle="The calendar shades closed time, and booking into it needs an override."
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      <Card>
        <form method="post" action="/settings/working-hours">
          <fieldset disabled={!canEdit}>
            <legend class="sr-only">Opening hours per weekday</legend>
            <ul class="divide-y divide-slate-100">
              {ORDER.map((weekday) => {
                const day = byDay.get(weekday);
                return (
                  <li
                    key={weekday}
                    class="flex flex-wrap items-center gap-x-4 gap-y-2 px-5 py-3"
                  >
                    <label class="flex w-36 items-center gap-2 text-sm font-medium text-slate-900">
                      <input
                        type="checkbox"
                        name={`open${weekday}`}
                        value="1"
                        checked={!!day}
                        class="h-4 w-4 rounded border-slate-300 text-brand-600"
                      />
                      {DAYS[weekday]}
                    </label>
                    <label class="sr-only" for={`opens${weekday}`}>{DAYS[weekday]} opens</label>
                    <Input
                      id={`opens${weekday}`}
                      name={`opens${weekday}`}
                      type="time"
                      value={day?.opensAt ?? "09:00"}
                      class="w-32"
                    />
                    <span class="text-sm text-slate-500" aria-hidden="true">to</span>
                    <label class="sr-only" for={`closes${weekday}`}>{DAYS[weekday]} closes</label>
                    <Input
                      id={`closes${weekday}`}
                      name={`closes${weekday}`}
                      type="time"
                      value={day?.closesAt ?? "17:00"}
                      class="w-32"
                    />
                  </li>
                );
              })}
            </ul>
          </fieldset>
          {canEdit && (
            <div class="border-t border-slate-100 px-5 py-4">
              <Button type="submit">Save hours</Button>
            </div>
          )}
        </form>
      </Card>
    </>
  );
}
