import { assertEquals } from "../../support/assert.ts";
import { isReadOnly, subscriptionState } from "../../../lib/subscriptions/state.ts";

const DAY = 24 * 60 * 60 * 1000;
const now = new Date("2026-12-02T10:00:00Z");

Deno.test("a clinic approved but never signed into keeps every trial day", () => {
  const state = subscriptionState({ subscriptionStatus: "trial", trialStartedAt: null }, now, 14);
  assertEquals(state, { kind: "trial", started: false, daysLeft: 14, endsAt: null });
  assertEquals(isReadOnly(state), false);
});

Deno.test("a trial counts down from the first login, a part-day counting as a day", () => {
  const started = new Date(now.getTime() - 13.5 * DAY);
  const state = subscriptionState(
    { subscriptionStatus: "trial", trialStartedAt: started },
    now,
    14,
  );
  assertEquals(state.kind, "trial");
  assertEquals(state.kind === "trial" && state.daysLeft, 1);
});

Deno.test("an expired trial and a suspension make the clinic read-only; an active plan never", () => {
  const started = new Date(now.getTime() - 14 * DAY);
  const expired = subscriptionState(
    { subscriptionStatus: "trial", trialStartedAt: started },
    now,
    14,
  );
  assertEquals(expired, { kind: "trial_expired", endedAt: now });
  assertEquals(isReadOnly(expired), true);
  const suspended = subscriptionState(
    { subscriptionStatus: "suspended", trialStartedAt: started },
    now,
    14,
  );
  assertEquals(isReadOnly(suspended), true);
  const active = subscriptionState(
    { subscriptionStatus: "active", trialStartedAt: started },
    now,
    14,
  );
  assertEquals(isReadOnly(active), false);
});
