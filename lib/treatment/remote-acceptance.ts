/**
 * Remote acceptance: staff email the patient a "Review and accept your treatment plan" link;
 * the patient reads the plan on a light page and accepts with their typed name, recorded like an
 * acceptance in the clinic (via "remote", no member). Links expire after the configured hours.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { activityLog, clinics, treatmentPlans } from "../db/schema.ts";
import { clinicLetterhead } from "../clinic-branding/letterhead.ts";
import { AppError, badRequest, notFound, tooManyRequests } from "../errors.ts";
import { hitRateLimit } from "../auth/rate-limit.ts";
import { enqueueEmail } from "../email/outbox.ts";
import { renderEmail } from "../email/layout.tsx";
import type { ObjectStore } from "../storage/object-store.ts";
import { acceptPlan } from "./acceptance.ts";
import { signPlanToken, verifyPlanToken } from "./acceptance-tokens.ts";
import { formatPkr } from "./money.ts";
import { getPlan, headlineOption, type PlanDetail } from "./plans.ts";

export interface RemoteLinkConfig {
  appUrl: string;
  encryptionKey: string;
  ttlHours: number;
}

export async function sendAcceptanceLink(
  db: Db,
  config: RemoteLinkConfig,
  input: { clinicId: string; actorId: string; planId: string; now?: Date },
): Promise<{ url: string }> {
  const now = input.now ?? new Date();
  const plan = await getPlan(db, input.clinicId, input.planId);
  if (!plan.patient.email) {
    throw new AppError(422, "NO_EMAIL", "The patient has no email address on file");
  }
  if (
    !["draft", "proposed", "accepted", "in_progress"].includes(plan.status) ||
    plan.acceptances.some((a) => a.revision === plan.revision)
  ) {
    throw new AppError(
      409,
      "NOT_ACCEPTABLE",
      "This revision of the plan is not waiting for acceptance",
    );
  }
  const expiresAt = Math.floor(now.getTime() / 1000) + config.ttlHours * 3600;
  const token = await signPlanToken(plan.id, plan.revision, expiresAt, config.encryptionKey);
  const url = `${config.appUrl}/plan-review?token=${encodeURIComponent(token)}`;
  const { clinicName, clinicLogoUrl } = await clinicLetterhead(db, input.clinicId, config.appUrl);
  const headline = headlineOption(plan.options)!;
  await db.transaction(async (tx) => {
    await enqueueEmail(tx, {
      clinicId: input.clinicId,
      to: plan.patient.email!,
      kind: "treatment.plan_review",
      dedupeKey: `treatment.plan_review:${plan.id}:${plan.revision}:${
        Math.floor(now.getTime() / 60_000)
      }`,
      ...renderEmail({
        subject: `Review and accept your treatment plan at ${clinicName}`,
        preheader: `${plan.title}: ${formatPkr(headline.totalMinor)}`,
        clinicName,
        clinicLogoUrl,
        heading: "Review and accept your treatment plan",
        blocks: [
          {
            kind: "paragraph",
            text:
              `Dear ${plan.patient.fullName}, ${clinicName} has prepared your treatment plan. ` +
              "You can read it, with every item and price, and accept it online.",
          },
          {
            kind: "details",
            rows: [["Plan", plan.title], ["Total", formatPkr(headline.totalMinor)]],
          },
          { kind: "button", label: "Review and accept your treatment plan", href: url },
          { kind: "note", text: `The link works for ${Math.round(config.ttlHours / 24)} days.` },
        ],
        footer: `You received this email because you are a patient of ${clinicName}.`,
      }),
    });
    if (plan.status === "draft") {
      await tx.update(treatmentPlans).set({ status: "proposed", updatedAt: now })
        .where(eq(treatmentPlans.id, plan.id));
    }
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "treatment.plan_link_sent",
      entityType: "treatment_plan",
      entityId: plan.id,
      details: { revision: plan.revision, expiresAt },
    });
  });
  return { url };
}

/** The plan a link points at, as the patient may see it; any bad link reads as one answer. */
export async function planForToken(
  db: Db,
  config: Pick<RemoteLinkConfig, "encryptionKey">,
  token: unknown,
  now = new Date(),
): Promise<{ plan: PlanDetail; clinicName: string; revision: number; current: boolean }> {
  const claim = await verifyPlanToken(token, { encryptionKey: config.encryptionKey, now });
  const [row] = await db.select({ clinicId: treatmentPlans.clinicId }).from(treatmentPlans)
    .where(eq(treatmentPlans.id, claim.planId));
  if (!row) throw notFound("This plan is no longer available");
  const plan = await getPlan(db, row.clinicId, claim.planId);
  const [clinic] = await db.select({ name: clinics.name }).from(clinics).where(
    eq(clinics.id, row.clinicId),
  );
  return {
    plan,
    clinicName: clinic.name,
    revision: claim.revision,
    current: plan.revision === claim.revision,
  };
}

export async function acceptByToken(
  db: Db,
  storage: ObjectStore,
  config: Pick<RemoteLinkConfig, "encryptionKey">,
  input: { token: string; optionId: string; typedName: string; now?: Date },
): Promise<PlanDetail> {
  const { plan, revision } = await planForToken(db, config, input.token, input.now);
  const name = input.typedName.trim();
  if (name.length < 2 || name.length > 120) {
    throw badRequest("Type your full name to accept", { field: "typedName" });
  }
  return await acceptPlan(db, storage, {
    clinicId: plan.clinicId,
    planId: plan.id,
    optionId: input.optionId,
    via: "remote",
    actorId: null,
    signedName: name,
    revision,
    now: input.now,
  });
}

/** Patients' review pages share one per-IP budget: ten posts a minute. */
export async function countReviewAttempt(kv: Deno.Kv, ip: string): Promise<void> {
  const result = await hitRateLimit(kv, ["treatment_plan_review", ip], {
    limit: 10,
    windowSeconds: 60,
  });
  if (!result.allowed) throw tooManyRequests(result.retryAfterSeconds);
}
