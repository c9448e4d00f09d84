/**
 * Every cron job and when it runs. `main.ts` registers each with `Deno.cron`;
 * a job is a plain function of `now`, so tests call it directly.
 *
 * @example
 * ```ts
 * for (const job of scheduledJobs(deps)) {
 *   Deno.cron(job.name, job.schedule, () => job.run(new Date()));
 * }
 * ```
 */
import type { AppDeps } from "../http/app-env.ts";
import { outboxDelivery } from "../email/sender.ts";
import { runEmailOutbox } from "./email-outbox.ts";
import { sendDueReminders } from "./appointment-reminders.ts";

export interface ScheduledJob {
  /** Unique per app; Deno Deploy lists crons by this name. */
  name: string;
  /** Five-field cron expression, UTC. */
  schedule: string;
  run(now: Date): Promise<unknown>;
}

export function scheduledJobs(deps: Pick<AppDeps, "db" | "config">): ScheduledJob[] {
  const delivery = outboxDelivery(deps.db, deps.config.email);
  return [
    {
      name: "email-outbox",
      schedule: "* * * * *",
      run: (now) => runEmailOutbox(delivery, now),
    },
    {
      name: "appointment-reminders",
      schedule: "*/5 * * * *",
      run: (now) => sendDueReminders(deps, now),
    },
  ];
}
