/**
 * The line under a figure that says test accounts were left out of it,
 * shown only when there are some: every count and total on the superadmin
 * pages excludes them, and says so.
 */
const ACCOUNTS: [string, string] = ["test account", "test accounts"];

export function TestAccountsFootnote(
  { count, what = ACCOUNTS }: {
    count: number;
    /** What was left out, singular and plural, when it is not the clinics themselves. */
    what?: [string, string];
  },
) {
  if (!count) return null;
  return (
    <p class="mt-1 text-xs text-amber-700" data-test-accounts-note>
      Excludes {count} {count === 1 ? what[0] : what[1]}.
    </p>
  );
}
