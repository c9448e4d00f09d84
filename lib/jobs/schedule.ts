/**
 * Every cron job and when it runs. `main.ts` registers each with `Deno.cron`;
 * a job is a plain function of `now`, so tests call it directly.
 *
 * @example
 * ```ts
 * for (const job of scheduledJobs(() => depsPromise)) {
 *   Deno.cron(job.name, job.schedule, () => job.run(new Date()));
 * }
 * ```
 */
import type { AppDeps } from "../http/app-env.ts";
import { outboxDelivery } from "../email/sender.ts";
import { runEmailOutbox } from "./email-outbox.ts";
import { sendDueReminders } from "./appointment-reminders.ts";
import { pruneEvents } from "../events/retention.ts";
import { sendInventoryEndOfDay } from "./inventory-end-of-day.ts";

export interface ScheduledJob {
  /** Unique per app; Deno Deploy lists crons by this name. */
  name: string;
  /** Five-field cron expression, UTC. */
  schedule: string;
  run(now: Date): Promise<unknown>;
}

/**
 * Deno Deploy only runs crons registered while the module is evaluated, before
 * storage is open; so jobs take a way to reach the app's dependencies and open
 * them on their first run.
 */
export function scheduledJobs(
  getDeps: () => Promise<Pick<AppDeps, "db" | "config">>,
): ScheduledJob[] {
  return [
    {
      name: "email-outbox",
      schedule: "* * * * *",
      run: async (now) => {
        const deps = await getDeps();
        return await runEmailOutbox(outboxDelivery(deps.db, deps.config.email), now);
      },
    },
    {
      name: "appointment-reminders",
      schedule: "*/5 * * * *",
      run: async (now) => await sendDueReminders(await getDeps(), now),
    },
    {
      name: "events-retention",
      schedule: "17 * * * *",
      run: async (now) => {
        const deps = await getDeps();
        return await pruneEvents(deps.db, now, deps.config.events.retentionHours);
      },
    },
    {
      // 16:00 in Karachi, the default clinic zone.
      name: "inventory-end-of-day",
      schedule: "0 11 * * *",
      run: async (now) => await sendInventoryEndOfDay(await getDeps(), now),
    },
  ];
}
