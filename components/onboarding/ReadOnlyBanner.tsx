/** The banner on every page of a read-only clinic: why, that nothing is lost, and how to get out. */
import type { SubscriptionState } from "../../lib/subscriptions/state.ts";
import { Icon } from "../Icon.tsx";

export function ReadOnlyBanner(
  { state, canUpgrade }: { state: SubscriptionState; canUpgrade: boolean },
) {
  const suspended = state.kind === "suspended";
  return (
    <div
      role="status"
      data-read-only={state.kind}
      class="mb-6 flex flex-col gap-3 rounded-xl bg-amber-50 px-4 py-3.5 ring-1 ring-amber-200 sm:flex-row sm:items-center"
    >
      <Icon name="shield" class="hidden h-6 w-6 shrink-0 text-amber-700 sm:block" />
      <div class="min-w-0 flex-1 text-sm text-amber-900">
        <p class="font-semibold">
          {suspended ? "Subscription suspended: read-only" : "Your free trial has ended: read-only"}
        </p>
        <p class="mt-0.5">
          Your clinic's data is safe and you can still view everything, but changes are paused.{" "}
          {suspended
            ? "Contact OdontoX support to reactivate the subscription."
            : canUpgrade
            ? "Upgrade to a paid plan to continue working."
            : "Ask the clinic owner to upgrade to a paid plan."}
        </p>
      </div>
      {!suspended && canUpgrade && (
        <a
          href="/settings#plan"
          class="inline-flex shrink-0 items-center justify-center rounded-lg bg-amber-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-amber-700"
        >
          Upgrade plan
        </a>
      )}
    </div>
  );
}
