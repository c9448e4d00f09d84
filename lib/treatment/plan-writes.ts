/**
 * Writing treatment plans: create, edit (the whole document), status moves and item statuses.
 * Every figure is computed here from catalog rows and `./pricing.ts`; what a browser computed is
 * only ever a preview. The plan row is locked for an edit, so two saves cannot interleave.
 *
 * Discount state is restored exactly as saved: an option whose lines still have the discount
 * basis they were saved with keeps its applied policies (even if a policy changed since) or its
 * manual amount; anything that changes the basis recomputes the policies.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  activityLog,
  appointments,
  patients,
  treatmentPlanItems,
  treatmentPlanOptions,
  treatmentPlanPhases,
  treatmentPlans,
  treatmentServices,
} from "../db/schema.ts";
import { AppError, badRequest, forbidden, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { publishEvent } from "../events/publish.ts";
import { clinicTimeZone } from "../time/clinic-zone.ts";
import { localDateOf } from "../time/zoned.ts";
import { isFdiTooth } from "../clinical/teeth.ts";
import type { NewPlanInput, OptionInput, PlanChangeInput, PlanStatus } from "./plan-input.ts";
import {
  ageOn,
  type AppliedDiscount,
  discountBasis,
  type DiscountFacts,
  manualDiscount,
  type PricedLine,
  priceOption,
  selectDiscounts,
} from "./pricing.ts";
import { activeRules } from "./policies.ts";
import { patientTagList } from "./patient-tags.ts";
import { getPlan, type PlanDetail, type PlanItem, type PlanOption } from "./plans.ts";
import {
  consumeForPlanItem,
  type DonePlanItem,
  returnForPlanItem,
} from "../inventory/service-consumption.ts";
import { PLAN_CHANGED, type PlanChange } from "./plan-events.ts";

export interface PlanActor {
  clinicId: string;
  actorId: string;
  /** Holds treatment.discounts.apply: may enter or change a manual discount. */
  mayApplyDiscounts: boolean;
  now?: Date;
}

/** Moves staff may make with PATCH; accepting has its own route, which records who and how. */
const MOVES: Record<PlanStatus, readonly PlanStatus[]> = {
  draft: ["proposed", "declined", "cancelled"],
  proposed: ["draft", "declined", "cancelled"],
  accepted: ["in_progress", "cancelled"],
  in_progress: ["completed", "cancelled"],
  completed: [],
  declined: ["draft"],
  cancelled: ["draft"],
};

/** Plans in these states no longer change content. */
export const CLOSED: readonly PlanStatus[] = ["completed", "cancelled"];

const SURFACE_ORDER = "MODBL";

function normaliseSurfaces(text: string, path: string): string {
  const letters = new Set(text.toUpperCase().replace(/[\s,]/g, "").split("").filter(Boolean));
  for (const letter of letters) {
    if (!SURFACE_ORDER.includes(letter)) {
      throw badRequest(`${path}: surfaces are letters of M, O, D, B, L`, { field: path });
    }
  }
  return SURFACE_ORDER.split("").filter((s) => letters.has(s)).join("");
}

/** The facts discount conditions are checked against, on the clinic's today. */
export async function discountFacts(
  db: Db,
  clinicId: string,
  patient: { id: string; dateOfBirth: string | null },
  now: Date,
): Promise<DiscountFacts> {
  const [timeZone, tags] = await Promise.all([
    clinicTimeZone(db, clinicId),
    patientTagList(db, clinicId, patient.id),
  ]);
  return { ageYears: ageOn(patient.dateOfBirth, localDateOf(now, timeZone)), tags };
}

type Tx = Db;

/** An item whose progress a document edit changed: done, undone, or done again with other work. */
interface ProgressChange {
  item: DonePlanItem;
  from: PlanItem["status"] | null;
  to: PlanItem["status"];
  /** Give back what the saved item took. */
  giveBack: boolean;
  /** Take what the item's service lists now. */
  take: boolean;
}

/**
 * Saved items keep their ids through an edit, so invoice lines and stock movements stay linked
 * to them; an item named by id must belong to the option it is sent in, once. A done item
 * cannot be dropped: its stock was taken and it may be billed, so it goes back to planned
 * first, on the plan page.
 */
function checkItemIds(options: OptionInput[], saved: readonly PlanOption[]) {
  const savedItems = new Map<string, { item: PlanItem; optionId: string }>();
  for (const option of saved) {
    for (const phase of option.phases) {
      for (const item of phase.items) savedItems.set(item.id, { item, optionId: option.id });
    }
  }
  const sent = new Set<string>();
  options.forEach((option, o) =>
    option.phases.forEach((phase, p) =>
      phase.items.forEach((item, i) => {
        if (!item.id) return;
        const path = `options.${o}.phases.${p}.items.${i}`;
        if (!option.id || savedItems.get(item.id)?.optionId !== option.id) {
          throw badRequest(`${path}.id is not an item of this option`, { field: path });
        }
        if (sent.has(item.id)) throw badRequest(`${path}.id is sent twice`, { field: path });
        sent.add(item.id);
      })
    )
  );
  for (const [id, { item }] of savedItems) {
    if (item.status === "done" && !sent.has(id)) {
      const where = item.tooth ? ` on ${item.tooth}` : "";
      throw new AppError(
        409,
        "ITEM_DONE",
        `${item.name}${where} is done; mark it planned on the plan page before removing it`,
        { itemId: id },
      );
    }
  }
  return savedItems;
}

async function writeOptions(
  tx: Tx,
  input: {
    actor: PlanActor;
    planId: string;
    patientId: string;
    options: OptionInput[];
    saved: readonly PlanOption[];
    facts: DiscountFacts;
  },
): Promise<ProgressChange[]> {
  const { actor, options, saved } = input;
  const savedItems = checkItemIds(options, saved);
  const progress: ProgressChange[] = [];
  const recommended = options.filter((o) => o.recommended).length;
  if (recommended > 1) throw badRequest("Mark one option as recommended", { field: "options" });
  const savedById = new Map(saved.map((o) => [o.id, o]));
  for (const [i, option] of options.entries()) {
    if (option.id && !savedById.has(option.id)) {
      throw badRequest(`options.${i}.id is not an option of this plan`, { field: "options" });
    }
  }
  const kept = new Set(options.map((o) => o.id).filter(Boolean));
  const removed = saved.filter((o) => !kept.has(o.id));
  if (removed.some((o) => o.status === "accepted")) {
    throw new AppError(409, "OPTION_ACCEPTED", "The accepted option cannot be removed");
  }

  const serviceIds = [
    ...new Set(options.flatMap((o) => o.phases.flatMap((p) => p.items.map((i) => i.serviceId)))),
  ];
  const services = serviceIds.length
    ? await tx.select().from(treatmentServices).where(and(
      eq(treatmentServices.clinicId, actor.clinicId),
      inArray(treatmentServices.id, serviceIds),
    ))
    : [];
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const appointmentIds = [
    ...new Set(
      options.flatMap((o) =>
        o.phases.flatMap((p) => p.items.map((i) => i.appointmentId).filter((a): a is string => !!a))
      ),
    ),
  ];
  const ownAppointments = new Set(
    appointmentIds.length
      ? (await tx.select({ id: appointments.id }).from(appointments).where(and(
        eq(appointments.clinicId, actor.clinicId),
        eq(appointments.patientId, input.patientId),
        inArray(appointments.id, appointmentIds),
      ))).map((a) => a.id)
      : [],
  );

  const rules = await activeRules(tx, actor.clinicId);
  if (removed.length) {
    await tx.delete(treatmentPlanOptions).where(
      inArray(treatmentPlanOptions.id, removed.map((o) => o.id)),
    );
  }
  // Positions are unique per plan: park the kept options out of the way before renumbering.
  for (const option of saved.filter((o) => kept.has(o.id))) {
    await tx.update(treatmentPlanOptions).set({
      position: 1000 + option.position,
      recommended: false,
    })
      .where(eq(treatmentPlanOptions.id, option.id));
  }

  for (const [o, option] of options.entries()) {
    const lines: (PricedLine & {
      phase: number;
      row:
        & Omit<
          typeof treatmentPlanItems.$inferInsert,
          "phaseId" | "lineTotalMinor" | "discountMinor"
        >
        & { id: string };
    })[] = [];
    option.phases.forEach((phase, p) => {
      phase.items.forEach((item, i) => {
        const path = `options.${o}.phases.${p}.items.${i}`;
        const service = serviceById.get(item.serviceId);
        if (!service) throw badRequest(`${path}: no such service in the catalog`, { field: path });
        let tooth: string | null = null;
        let surfaces = "";
        if (service.perTooth) {
          if (!item.tooth || !isFdiTooth(item.tooth)) {
            throw badRequest(`${path}: ${service.name} is per tooth; pick a tooth (FDI, e.g. 36)`, {
              field: path,
            });
          }
          tooth = item.tooth;
          surfaces = normaliseSurfaces(item.surfaces, path);
        } else if (item.tooth || item.surfaces) {
          throw badRequest(`${path}: ${service.name} is not charged per tooth`, { field: path });
        }
        if (item.appointmentId && !ownAppointments.has(item.appointmentId)) {
          throw badRequest(`${path}: not an appointment of this patient`, { field: path });
        }
        if (item.status === "scheduled" && !item.appointmentId) {
          throw badRequest(`${path}: a scheduled item names its appointment`, { field: path });
        }
        const unitPriceMinor = item.unitPriceMinor ?? service.defaultPriceMinor;
        const id = item.id ?? crypto.randomUUID();
        const before = item.id ? savedItems.get(item.id)!.item : null;
        const wasDone = before?.status === "done";
        const isDone = item.status === "done";
        const workChanged = !!before &&
          (before.serviceId !== service.id || before.quantity !== item.quantity);
        if (wasDone !== isDone || (isDone && workChanged)) {
          progress.push({
            item: {
              id,
              clinicId: actor.clinicId,
              serviceId: service.id,
              name: service.name,
              quantity: item.quantity,
              appointmentId: item.appointmentId,
            },
            from: before?.status ?? null,
            to: item.status,
            giveBack: wasDone,
            take: isDone,
          });
        }
        lines.push({
          phase: p,
          category: service.category,
          quantity: item.quantity,
          unitPriceMinor,
          row: {
            id,
            clinicId: actor.clinicId,
            position: i,
            serviceId: service.id,
            code: service.code,
            name: service.name,
            category: service.category,
            tooth,
            surfaces,
            quantity: item.quantity,
            unitPriceMinor,
            catalogPriceMinor: service.defaultPriceMinor,
            status: item.status,
            appointmentId: item.appointmentId,
          },
        });
      });
    });

    const basis = discountBasis(lines);
    const before = option.id ? savedById.get(option.id) : undefined;
    let discounts: AppliedDiscount[] = [];
    let manualMinor: number | null = null;
    const subtotal = priceOption(lines, []).subtotalMinor;
    if (option.discount.mode === "manual") {
      manualMinor = option.discount.amountMinor;
      const unchanged = before?.discountMode === "manual" &&
        before.manualDiscountMinor === manualMinor;
      if (!unchanged && !actor.mayApplyDiscounts) {
        throw forbidden("FORBIDDEN", 'You do not have permission "treatment.discounts.apply"', {
          permission: "treatment.discounts.apply",
        });
      }
      if (manualMinor > subtotal) {
        throw new AppError(
          400,
          "DISCOUNT_TOO_LARGE",
          "A discount cannot be more than the subtotal",
          {
            field: `options.${o}.discount`,
            subtotalMinor: subtotal,
          },
        );
      }
      discounts = manualMinor > 0 ? [manualDiscount(manualMinor)] : [];
    } else if (option.discount.mode === "auto") {
      discounts = before?.discountMode === "auto" && before.discountBasis === basis
        ? before.discounts
        : selectDiscounts(rules, input.facts, lines);
    }
    const totals = priceOption(lines, discounts);
    const values = {
      clinicId: actor.clinicId,
      planId: input.planId,
      position: o,
      name: option.name,
      recommended: recommended ? option.recommended : o === 0,
      discountMode: option.discount.mode,
      manualDiscountMinor: manualMinor,
      discountPolicies: discounts,
      discountBasis: basis,
      subtotalMinor: totals.subtotalMinor,
      discountMinor: totals.discountMinor,
      totalMinor: totals.totalMinor,
    };
    let optionId: string;
    if (before) {
      await tx.update(treatmentPlanOptions).set(values).where(
        eq(treatmentPlanOptions.id, before.id),
      );
      // The old phases stay until their kept items have moved to the new ones; parked out of
      // the way of the new positions meanwhile.
      await tx.update(treatmentPlanPhases).set({
        position: sql`1000 + ${treatmentPlanPhases.position}`,
      })
        .where(eq(treatmentPlanPhases.optionId, before.id));
      optionId = before.id;
    } else {
      const [row] = await tx.insert(treatmentPlanOptions).values(values)
        .returning({ id: treatmentPlanOptions.id });
      optionId = row.id;
    }
    for (const [p, phase] of option.phases.entries()) {
      const own = lines.map((line, index) => ({ line, index })).filter((l) => l.line.phase === p);
      const phaseSubtotal = own.reduce((sum, l) => sum + totals.lineTotals[l.index], 0);
      const phaseDiscount = own.reduce((sum, l) => sum + totals.lineDiscounts[l.index], 0);
      const [row] = await tx.insert(treatmentPlanPhases).values({
        clinicId: actor.clinicId,
        optionId,
        position: p,
        name: phase.name,
        subtotalMinor: phaseSubtotal,
        discountMinor: phaseDiscount,
        totalMinor: phaseSubtotal - phaseDiscount,
      }).returning({ id: treatmentPlanPhases.id });
      const rows = own.map(({ line, index }) => ({
        ...line.row,
        phaseId: row.id,
        lineTotalMinor: totals.lineTotals[index],
        discountMinor: totals.lineDiscounts[index],
      }));
      const fresh = rows.filter((r) => !savedItems.has(r.id));
      if (fresh.length) await tx.insert(treatmentPlanItems).values(fresh);
      for (const kept of rows.filter((r) => savedItems.has(r.id))) {
        const { id, ...values } = kept;
        await tx.update(treatmentPlanItems).set(values).where(eq(treatmentPlanItems.id, id));
      }
    }
    if (before) {
      // Takes with it only the items this edit removed; kept ones have moved.
      await tx.delete(treatmentPlanPhases).where(inArray(
        treatmentPlanPhases.id,
        before.phases.map((phase) => phase.id),
      ));
    }
  }
  for (const change of progress) {
    if (change.giveBack) await returnForPlanItem(tx, change.item.id, actor.actorId, actor.now);
    if (change.take) await consumeForPlanItem(tx, change.item, actor.actorId, actor.now);
    if (change.from !== change.to) {
      await tx.insert(activityLog).values({
        clinicId: actor.clinicId,
        actorUserId: actor.actorId,
        action: "treatment.item_status_changed",
        entityType: "treatment_plan",
        entityId: input.planId,
        details: { itemId: change.item.id, from: change.from, to: change.to },
      });
    }
  }
  return progress;
}

export async function lockPlan(tx: Tx, clinicId: string, planId: string) {
  if (!isUuid(planId)) throw notFound("Treatment plan not found");
  const [row] = await tx.select().from(treatmentPlans)
    .where(and(eq(treatmentPlans.clinicId, clinicId), eq(treatmentPlans.id, planId)))
    .for("update");
  if (!row) throw notFound("Treatment plan not found");
  return row;
}

/**
 * `treatment.plan_changed` for open plan pages; `actorId` lets the page of
 * the member who made the change leave it unannounced.
 */
async function announce(
  tx: Tx,
  clinicId: string,
  planId: string,
  patientId: string,
  change: PlanChange,
  actorId: string | null,
) {
  await publishEvent(tx, {
    clinicId,
    type: PLAN_CHANGED,
    permission: "treatment.plans.view",
    data: { planId, patientId, change, actorId },
  });
}

export async function createPlan(
  db: Db,
  actor: PlanActor,
  input: NewPlanInput,
): Promise<PlanDetail> {
  if (!isUuid(input.patientId)) throw notFound("Patient not found");
  const [patient] = await db.select({ id: patients.id, dateOfBirth: patients.dateOfBirth })
    .from(patients)
    .where(and(eq(patients.clinicId, actor.clinicId), eq(patients.id, input.patientId)));
  if (!patient) throw notFound("Patient not found");
  const facts = await discountFacts(db, actor.clinicId, patient, actor.now ?? new Date());
  const planId = await db.transaction(async (tx) => {
    const [plan] = await tx.insert(treatmentPlans).values({
      clinicId: actor.clinicId,
      patientId: patient.id,
      title: input.title,
      validUntil: input.validUntil,
      notes: input.notes,
      createdBy: actor.actorId,
    }).returning({ id: treatmentPlans.id });
    await writeOptions(tx, {
      actor,
      planId: plan.id,
      patientId: patient.id,
      options: input.options,
      saved: [],
      facts,
    });
    await tx.insert(activityLog).values({
      clinicId: actor.clinicId,
      actorUserId: actor.actorId,
      action: "treatment.plan_created",
      entityType: "treatment_plan",
      entityId: plan.id,
      details: { patientId: patient.id, title: input.title },
    });
    await announce(tx, actor.clinicId, plan.id, patient.id, "created", actor.actorId);
    return plan.id;
  });
  return await getPlan(db, actor.clinicId, planId);
}

/**
 * Applies a change: content (title, dates, notes, options) and/or a status move. A content
 * edit bumps the revision, so an accepted snapshot stays what was signed while the plan moves on.
 */
export async function updatePlan(
  db: Db,
  actor: PlanActor,
  planId: string,
  change: PlanChangeInput,
): Promise<PlanDetail> {
  const current = await getPlan(db, actor.clinicId, planId);
  const facts = await discountFacts(db, actor.clinicId, current.patient, actor.now ?? new Date());
  await db.transaction(async (tx) => {
    const row = await lockPlan(tx, actor.clinicId, planId);
    // Read again under the lock: the options we diff against are the committed ones.
    const saved = await getPlan(tx, actor.clinicId, planId);
    const status = row.status as PlanStatus;
    const content = change.title !== undefined || change.validUntil !== undefined ||
      change.notes !== undefined || change.options !== undefined;
    if (content && CLOSED.includes(status)) {
      throw new AppError(409, "PLAN_CLOSED", `A ${status.replace("_", " ")} plan cannot be edited`);
    }
    let nextStatus = status;
    if (change.status && change.status !== status) {
      if (!MOVES[status].includes(change.status)) {
        throw new AppError(
          409,
          "INVALID_TRANSITION",
          change.status === "accepted"
            ? "Accept a plan with Mark accepted, which records who accepted it"
            : `A ${status.replace("_", " ")} plan cannot become ${change.status.replace("_", " ")}`,
          { from: status, to: change.status },
        );
      }
      nextStatus = change.status;
    }
    if (change.options) {
      const progress = await writeOptions(tx, {
        actor,
        planId,
        patientId: saved.patient.id,
        options: change.options,
        saved: saved.options,
        facts,
      });
      if (nextStatus === "accepted" && progress.some((p) => p.take && p.from !== "done")) {
        nextStatus = "in_progress";
      }
    }
    await tx.update(treatmentPlans).set({
      ...(change.title !== undefined ? { title: change.title } : {}),
      ...(change.validUntil !== undefined ? { validUntil: change.validUntil } : {}),
      ...(change.notes !== undefined ? { notes: change.notes } : {}),
      status: nextStatus,
      revision: content ? row.revision + 1 : row.revision,
      updatedAt: new Date(),
    }).where(eq(treatmentPlans.id, planId));
    await tx.insert(activityLog).values({
      clinicId: actor.clinicId,
      actorUserId: actor.actorId,
      action: "treatment.plan_updated",
      entityType: "treatment_plan",
      entityId: planId,
      details: {
        revision: content ? row.revision + 1 : row.revision,
        ...(nextStatus !== status ? { from: status, to: nextStatus } : {}),
      },
    });
    await announce(
      tx,
      actor.clinicId,
      planId,
      saved.patient.id,
      content ? "edited" : "status",
      actor.actorId,
    );
  });
  return await getPlan(db, actor.clinicId, planId);
}

/**
 * Marks one item planned, scheduled or done without a new revision: progress is not a change to
 * what was agreed. The first item done moves an accepted plan to in progress.
 */
export async function setItemStatus(
  db: Db,
  actor: PlanActor,
  input: { planId: string; itemId: string; status: "planned" | "done" },
): Promise<PlanDetail> {
  if (!isUuid(input.itemId)) throw notFound("Item not found");
  const plan = await getPlan(db, actor.clinicId, input.planId);
  const item = plan.options.flatMap((o) => o.phases.flatMap((p) => p.items))
    .find((i) => i.id === input.itemId);
  if (!item) throw notFound("Item not found");
  await db.transaction(async (tx) => {
    const row = await lockPlan(tx, actor.clinicId, plan.id);
    if (CLOSED.includes(row.status as PlanStatus)) {
      throw new AppError(409, "PLAN_CLOSED", "This plan is closed");
    }
    await applyItemStatus(tx, {
      clinicId: actor.clinicId,
      actorId: actor.actorId,
      plan: { id: plan.id, status: row.status as PlanStatus, patientId: plan.patient.id },
      item,
      to: input.status,
      now: actor.now,
    });
  });
  return await getPlan(db, actor.clinicId, plan.id);
}

/**
 * The one path an item takes to done or back, inside a transaction that holds the plan's lock:
 * done consumes what the item's service lists (once, however often it is marked), back to
 * planned returns it. Appointment completion marks its scheduled items done through here.
 */
export async function applyItemStatus(
  tx: Tx,
  input: {
    clinicId: string;
    actorId: string | null;
    plan: { id: string; status: PlanStatus; patientId: string };
    item: Pick<PlanItem, "id" | "status" | "appointmentId" | "serviceId" | "name" | "quantity">;
    to: "planned" | "done";
    now?: Date;
  },
): Promise<void> {
  const { clinicId, actorId, plan, item, to } = input;
  const now = input.now ?? new Date();
  await tx.update(treatmentPlanItems).set({
    status: to === "planned" && item.appointmentId ? "scheduled" : to,
  }).where(eq(treatmentPlanItems.id, item.id));
  if (to === "done") {
    await consumeForPlanItem(tx, { ...item, clinicId }, actorId, now);
  } else {
    await returnForPlanItem(tx, item.id, actorId, now);
  }
  await tx.update(treatmentPlans).set({
    ...(to === "done" && plan.status === "accepted" ? { status: "in_progress" } : {}),
    updatedAt: new Date(),
  }).where(eq(treatmentPlans.id, plan.id));
  await tx.insert(activityLog).values({
    clinicId,
    actorUserId: actorId,
    action: "treatment.item_status_changed",
    entityType: "treatment_plan",
    entityId: plan.id,
    details: { itemId: item.id, from: item.status, to },
  });
  await announce(tx, clinicId, plan.id, plan.patientId, "item", actorId);
}

/**
 * Links one item to one of the patient's appointments and marks it scheduled, or (with
 * `appointmentId` null) unlinks it back to planned — progress, not a new revision. The
 * appointment must be the plan's patient's, in the clinic, and neither cancelled nor missed.
 */
export async function scheduleItem(
  db: Db,
  actor: PlanActor,
  input: { planId: string; itemId: string; appointmentId: string | null },
): Promise<PlanDetail> {
  if (!isUuid(input.itemId)) throw notFound("Item not found");
  const plan = await getPlan(db, actor.clinicId, input.planId);
  const found = plan.options.flatMap((o) =>
    o.phases.flatMap((p) => p.items.map((item) => ({ item, option: o })))
  ).find((f) => f.item.id === input.itemId);
  if (!found) throw notFound("Item not found");
  const { item, option } = found;
  if (item.status === "done") {
    throw new AppError(409, "ITEM_DONE", "This item is already done");
  }
  if (option.status === "declined") {
    throw new AppError(409, "OPTION_DECLINED", "This option was declined");
  }
  await db.transaction(async (tx) => {
    const row = await lockPlan(tx, actor.clinicId, plan.id);
    if (CLOSED.includes(row.status as PlanStatus)) {
      throw new AppError(409, "PLAN_CLOSED", "This plan is closed");
    }
    if (input.appointmentId) {
      const [visit] = isUuid(input.appointmentId)
        ? await tx.select({ status: appointments.status }).from(appointments).where(and(
          eq(appointments.clinicId, actor.clinicId),
          eq(appointments.id, input.appointmentId),
          eq(appointments.patientId, plan.patient.id),
        ))
        : [];
      if (!visit) {
        throw new AppError(422, "UNKNOWN_APPOINTMENT", "Choose one of the patient's appointments", {
          field: "appointmentId",
        });
      }
      if (visit.status === "cancelled" || visit.status === "no_show") {
        throw new AppError(
          422,
          "APPOINTMENT_RELEASED",
          "That appointment was cancelled or missed; choose another",
          { field: "appointmentId" },
        );
      }
    }
    await tx.update(treatmentPlanItems).set({
      appointmentId: input.appointmentId,
      status: input.appointmentId ? "scheduled" : "planned",
    }).where(eq(treatmentPlanItems.id, item.id));
    await tx.update(treatmentPlans).set({ updatedAt: new Date() })
      .where(eq(treatmentPlans.id, plan.id));
    await tx.insert(activityLog).values({
      clinicId: actor.clinicId,
      actorUserId: actor.actorId,
      action: "treatment.item_scheduled",
      entityType: "treatment_plan",
      entityId: plan.id,
      details: { itemId: item.id, appointmentId: input.appointmentId },
    });
    await announce(tx, actor.clinicId, plan.id, plan.patient.id, "item", actor.actorId);
  });
  return await getPlan(db, actor.clinicId, plan.id);
}
