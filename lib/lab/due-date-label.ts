/** Calendar days (no time, no zone) as staff read them: "Fri 4 Dec". Browser-safe: the case form's island uses it too. */
const FORMAT = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});

export function formatDueDate(date: string): string {
  return FORMAT.format(new Date(`${date}T00:00:00Z`));
}
