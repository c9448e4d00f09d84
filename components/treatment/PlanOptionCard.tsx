/** One option of a plan: phases with their items, per-phase totals, the discount and the total. */
import { Badge, Card } from "../ui/mod.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import { discountIndicator } from "../../lib/treatment/pricing.ts";
import type { PlanOption } from "../../lib/treatment/plans.ts";
import { ItemSchedule, type ScheduleContext } from "./ItemSchedule.tsx";

const ITEM_TONES = { planned: "slate", scheduled: "sky", done: "green" } as const;

export function PlanOptionCard(
  { planId, option, many, canMarkDone, schedule }: {
    planId: string;
    option: PlanOption;
    /** The plan has alternatives: say which this is. */
    many: boolean;
    canMarkDone: boolean;
    /** The member may schedule items into the patient's visits (an open plan). */
    schedule?: ScheduleContext;
  },
) {
  const title = many ? `Option ${option.position + 1}: ${option.name}` : option.name;
  return (
    <Card
      title={title}
      action={
        <span class="flex gap-2">
          {option.recommended && <Badge tone="brand">Recommended</Badge>}
          {option.status === "accepted" && <Badge tone="green" dot>Accepted</Badge>}
          {option.status === "declined" && <Badge tone="rose">Declined</Badge>}
        </span>
      }
      class={option.status === "declined" ? "opacity-70" : ""}
    >
      <div data-option={option.name}>
        {option.phases.map((phase) => (
          <section key={phase.id} class="border-b border-slate-100 px-5 py-4">
            <h3 class="text-xs font-semibold uppercase tracking-wide text-brand-700">
              Phase {phase.position + 1} · {phase.name}
            </h3>
            <ul class="mt-2 divide-y divide-slate-50">
              {phase.items.map((item) => (
                <li key={item.id} class="py-2 text-sm" data-plan-item={item.code}>
                  <div class="flex items-baseline justify-between gap-3">
                    <p class="min-w-0 font-medium text-slate-900">
                      {item.name}
                      {item.quantity > 1 && <span class="text-slate-500">× {item.quantity}</span>}
                    </p>
                    <p class="shrink-0 font-medium tabular-nums text-slate-900">
                      {formatPkr(item.lineTotalMinor)}
                    </p>
                  </div>
                  <div class="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                    <span>
                      {item.tooth
                        ? `Tooth ${item.tooth}${item.surfaces ? ` · ${item.surfaces}` : ""}`
                        : "Whole mouth"}
                    </span>
                    <span>· {formatPkr(item.unitPriceMinor)}</span>
                    {item.unitPriceMinor !== item.catalogPriceMinor && (
                      <span class="text-amber-700" data-override>
                        (override; catalog {formatPkr(item.catalogPriceMinor)})
                      </span>
                    )}
                    <Badge tone={ITEM_TONES[item.status]}>{item.status}</Badge>
                    {canMarkDone && item.status !== "done" && option.status !== "declined" && (
                      <form
                        method="post"
                        action={`/treatment-plans/${planId}/items/${item.id}/done`}
                      >
                        <button type="submit" class="font-semibold text-brand-700 hover:underline">
                          Mark done
                        </button>
                      </form>
                    )}
                  </div>
                  {schedule && item.status !== "done" && option.status !== "declined" && (
                    <ItemSchedule item={item} context={schedule} />
                  )}
                </li>
              ))}
              {phase.items.length === 0 && (
                <li class="py-2 text-sm text-slate-500">Nothing in this phase.</li>
              )}
            </ul>
            <p class="mt-1 text-right text-xs text-slate-500">
              Phase subtotal {formatPkr(phase.subtotalMinor)}
              {phase.discountMinor > 0 && ` · discount −${formatPkr(phase.discountMinor)}`} · total
              {" "}
              <span class="font-semibold text-slate-700">{formatPkr(phase.totalMinor)}</span>
            </p>
          </section>
        ))}
        <dl class="space-y-1 px-5 py-4 text-sm">
          <div class="flex justify-between">
            <dt class="text-slate-500">Subtotal</dt>
            <dd class="tabular-nums">{formatPkr(option.subtotalMinor)}</dd>
          </div>
          <div class="flex justify-between">
            <dt class="text-slate-500">Discount</dt>
            <dd class="tabular-nums" data-discount>
              {option.discountMinor ? `−${formatPkr(option.discountMinor)}` : formatPkr(0)}
            </dd>
          </div>
          {option.discounts.map((d) => (
            <p key={d.name} class="text-right text-xs text-emerald-700" data-discount-reason>
              {discountIndicator(d)}
            </p>
          ))}
          <div class="flex justify-between border-t border-slate-100 pt-2 text-base font-semibold">
            <dt>Total</dt>
            <dd class="tabular-nums text-brand-700" data-option-total>
              {formatPkr(option.totalMinor)}
            </dd>
          </div>
        </dl>
      </div>
    </Card>
  );
}
