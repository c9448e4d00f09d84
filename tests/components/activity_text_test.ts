/**
 * The owner's activity card reads as sentences: every action the app records
 * has words, a run of repeats says how many, and a patient in the portal is
 * not "Someone".
 */
import { join } from "node:path";
import { assertEquals } from "../support/assert.ts";
import { ROOT, sourceFiles } from "../support/source-files.ts";
import {
  ACTION_LABELS,
  activityText,
  actorText,
} from "../../components/dashboard/activity-text.ts";
import type { ActivityEntry } from "../../lib/dashboard/overview.ts";

const entry = (action: string, extra: Partial<ActivityEntry> = {}): ActivityEntry => ({
  action,
  actorName: "Usman Tariq",
  createdAt: new Date(),
  count: 1,
  ...extra,
});

/** Every `area.verb` string on a line that sets an activity entry's action. */
async function recordedActions(): Promise<Set<string>> {
  const actions = new Set<string>();
  for (const dir of ["lib", "routes"]) {
    for await (const file of sourceFiles(dir)) {
      for (const line of (await Deno.readTextFile(join(ROOT, file))).split("\n")) {
        if (!/\baction:/.test(line)) continue;
        for (const [, action] of line.matchAll(/"([a-z_]+\.[a-z_]+)"/g)) actions.add(action);
      }
    }
  }
  return actions;
}

Deno.test("every action the app records reads as words, not as its key", async () => {
  const actions = await recordedActions();
  // The scan finds the log's actions at all: sign-ins are among them.
  assertEquals(actions.has("auth.login"), true);
  assertEquals([...actions].filter((action) => !(action in ACTION_LABELS)).sort(), []);
});

Deno.test("a run of repeats says how many; status changes say what they did", () => {
  assertEquals(activityText(entry("finance.invoice_voided")), "voided an invoice");
  assertEquals(activityText(entry("auth.login", { count: 5 })), "signed in · 5 times");
  assertEquals(
    activityText(entry("appointments.status_changed", { status: "confirmed", count: 3 })),
    "confirmed 3 appointments",
  );
  assertEquals(activityText(entry("something.new")), "made a change");
});

Deno.test("a patient in the portal is named as a patient, other entries without an actor as someone", () => {
  assertEquals(actorText(entry("portal.login", { actorName: null })), "A patient");
  assertEquals(actorText(entry("appointments.created", { actorName: null })), "Someone");
  assertEquals(actorText(entry("auth.login")), "Usman Tariq");
});
