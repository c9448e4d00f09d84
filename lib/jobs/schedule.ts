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
import { deliverWhatsappOutbox } from "../whatsapp/sender.ts";
import { processWebhookEvents } from "../whatsapp/webhook.ts";
import { sendMissedVisitFollowUps } from "../whatsapp/automations.ts";
import { processPendingAnalyses } from "../dicom/analysis/worker.ts";
import { sendInventoryEndOfDay } from "./inventory-end-of-day.ts";
import { pruneErrorLogs } from "../observability/error-log-store.ts";

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
  getDeps: () => Promise<
    Pick<AppDeps, "db" | "config" | "hooks"> & Partial<Pick<AppDeps, "kv" | "storage">>
  >,
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
      name: "whatsapp-outbox",
      schedule: "* * * * *",
      run: async (now) => {
        const deps = await getDeps();
        // Deliveries a crashed request left unprocessed first: they may queue replies.
        const webhooks = await processWebhookEvents(deps, now);
        return { webhooks, sent: await deliverWhatsappOutbox(deps, now) };
      },
    },
    {
      name: "whatsapp-missed-visits",
      schedule: "*/10 * * * *",
      run: async (now) => await sendMissedVisitFollowUps(await getDeps(), now),
    },
    {
      // The worker started with the server runs analyses at once; this picks up any it missed.
      name: "dicom-analysis-sweep",
      schedule: "* * * * *",
      run: async (now) => {
        const { db, config, kv, storage } = await getDeps();
        if (!kv || !storage) throw new Error("the DICOM analysis sweep needs KV and storage");
        return await processPendingAnalyses({ db, kv, storage, ai: config.ai }, now);
      },
    },
    {
      // 16:00 in Karachi, the default clinic zone.
      name: "inventory-end-of-day",
      schedule: "0 11 * * *",
      run: async (now) => await sendInventoryEndOfDay(await getDeps(), now),
    },
    {
      name: "error-logs-retention",
      schedule: "43 3 * * *",
      run: async (now) => {
        const deps = await getDeps();
        return await pruneErrorLogs(deps.db, now, deps.config.observability.errorLogRetentionDays);
      },
    },
  ];
}
