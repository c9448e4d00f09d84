/** The GET form above the booking form that narrows its patient select. */
import { Button, Card, Field, Input } from "../ui/mod.ts";
import type { FormValues } from "../../lib/http/form.ts";

export function PatientSearch(
  { query, values, byPhone }: {
    query: string;
    /** The date and time already chosen ride along, so searching keeps them. */
    values: FormValues;
    /** The member may find a patient by phone number. */
    byPhone: boolean;
  },
) {
  const kept = new URLSearchParams();
  for (const key of ["date", "time"] as const) if (values[key]) kept.set(key, values[key]);
  const clearSearch = `/appointments/new${kept.size ? `?${kept}` : ""}`;
  return (
    <Card class="mb-6">
      <form
        method="get"
        action="/appointments/new"
        role="search"
        class="flex items-end gap-2 p-4 sm:px-5"
      >
        {values.date && <input type="hidden" name="date" value={values.date} />}
        {values.time && <input type="hidden" name="time" value={values.time} />}
        <Field id="booking-search" label="Find a patient" class="min-w-0 flex-1">
          <Input
            id="booking-search"
            name="q"
            type="search"
            value={query}
            maxLength={200}
            autoComplete="off"
            placeholder={byPhone ? "Name, MRN or phone" : "Name or MRN"}
          />
        </Field>
        <div class="flex gap-2">
          <Button variant="secondary">Search</Button>
          {query && (
            <a
              href={clearSearch}
              class="inline-flex items-center px-2 text-sm font-medium text-slate-500 hover:text-slate-700"
            >
              Clear
            </a>
          )}
        </div>
      </form>
    </Card>
  );
}
