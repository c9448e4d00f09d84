/**
 * Runs a cron job so that its failure is seen: logged through `console`
 * (exported as an ERROR record with the job's name) and reported to Sentry.
 * The failure is not rethrown: the next scheduled run is the retry.
 */
import type { ScheduledJob } from "../jobs/schedule.ts";
import { describeFailure } from "./log-context.ts";
import { reportServerError } from "./sentry-server.ts";

export async function runJobReportingFailure(job: ScheduledJob, now: Date): Promise<unknown> {
  try {
    return await job.run(now);
  } catch (error) {
    const context = { job: job.name };
    console.error(describeFailure(`job ${job.name} failed`, error, context));
    reportServerError(error, context);
    return undefined;
  }
}
