/**
 * Cron job: deliver the email outbox. Safe to run on every instance at once
 * and to overlap with itself; the sender's claims keep each message to one
 * sender at a time.
 */
import { deliverOutbox, type DeliveryReport, type OutboxDelivery } from "../email/sender.ts";

export async function runEmailOutbox(
  delivery: OutboxDelivery,
  now: Date,
  log: (line: string) => void = console.log,
): Promise<DeliveryReport> {
  const report = await deliverOutbox(delivery, now);
  if (report.sent || report.retrying || report.failed) {
    log(
      `email-outbox: ${report.sent} sent, ${report.retrying} to retry, ${report.failed} failed`,
    );
  }
  return report;
}
