/**
 * A plan as a printable page (also what a patient reads from an emailed link): no shell, black
 * on white, one column; the browser's Print turns it into paper or a PDF.
 */
import type { ComponentChildren } from "preact";
import { formatPkr } from "../../lib/treatment/money.ts";
import { discountIndicator } from "../../lib/treatment/pricing.ts";
import { longDate, validUntilOf } from "../../lib/treatment/pdf.ts";
import type { PlanDetail, PlanOption } from "../../lib/treatment/plans.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { localDateOf } from "../../lib/time/zoned.ts";

function OptionTable({ option, heading }: { option: PlanOption; heading: string }) {
  return (
    <section class="mt-6 break-inside-avoid" data-print-option={option.name}>
      <h2 class="text-lg font-semibold">{heading}</h2>
      <table class="mt-2 w-full text-sm">
        <thead>
          <tr class="border-b border-slate-300 text-left text-xs uppercase tracking-wide text-slate-500">
            <th class="py-1.5 font-semibold">Service</th>
            <th class="py-1.5 font-semibold">Tooth</th>
            <th class="py-1.5 text-right font-semibold">Qty</th>
            <th class="py-1.5 text-right font-semibold">Unit price</th>
            <th class="py-1.5 text-right font-semibold">Amount</th>
          </tr>
        </thead>
        {option.phases.map((phase) => (
          <tbody key={phase.id}>
            <tr>
              <td
                colSpan={5}
                class="pt-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-700"
              >
                Phase {phase.position + 1} · {phase.name}
              </td>
            </tr>
            {phase.items.map((item) => (
              <tr key={item.id} class="border-b border-slate-100">
                <td class="py-1.5">{item.name}</td>
                <td class="py-1.5">
                  {item.tooth ? `${item.tooth}${item.surfaces ? ` ${item.surfaces}` : ""}` : "—"}
                </td>
                <td class="py-1.5 text-right tabular-nums">{item.quantity}</td>
                <td class="py-1.5 text-right tabular-nums">{formatPkr(item.unitPriceMinor)}</td>
                <td class="py-1.5 text-right tabular-nums">{formatPkr(item.lineTotalMinor)}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      <dl class="ml-auto mt-3 w-full max-w-xs space-y-1 text-sm">
        <div class="flex justify-between">
          <dt>Subtotal</dt>
          <dd class="tabular-nums">{formatPkr(option.subtotalMinor)}</dd>
        </div>
        <div class="flex justify-between">
          <dt>Discount</dt>
          <dd class="tabular-nums">
            {option.discountMinor ? `−${formatPkr(option.discountMinor)}` : formatPkr(0)}
          </dd>
        </div>
        {option.discounts.map((d) => (
          <p key={d.name} class="text-right text-xs text-slate-500">{discountIndicator(d)}</p>
        ))}
        <div class="flex justify-between border-t border-slate-300 pt-1 text-base font-semibold">
          <dt>Total</dt>
          <dd class="tabular-nums">{formatPkr(option.totalMinor)}</dd>
        </div>
      </dl>
    </section>
  );
}

export function PlanPrintPage(
  { plan, clinicName, timeZone, today, photos = true, children }: {
    plan: PlanDetail;
    clinicName: string;
    timeZone: string;
    today: Date;
    /** Staff pages show the photos; the patient's page does not load staff-only images. */
    photos?: boolean;
    children?: ComponentChildren;
  },
) {
  const day = localDateOf(today, timeZone);
  const accepted = plan.options.find((o) => o.status === "accepted");
  const shown = accepted ? [accepted] : plan.options.filter((o) => o.status !== "declined");
  const acceptance = plan.acceptances[0];
  return (
    <main
      class="mx-auto max-w-3xl bg-white px-6 py-8 text-slate-900 print:px-0 print:py-0"
      data-print-plan
    >
      <header class="flex items-start justify-between gap-4 border-b border-slate-300 pb-4">
        <div>
          <p class="text-xl font-bold">{clinicName}</p>
          <p class="text-sm text-slate-600">Treatment plan · {longDate(day)}</p>
        </div>
        <div class="text-right text-sm">
          <p class="font-semibold">{plan.patient.fullName}</p>
          <p class="text-slate-600">{plan.patient.mrn}</p>
        </div>
      </header>
      <h1 class="mt-4 text-2xl font-semibold">{plan.title}</h1>
      <p class="text-sm text-slate-600">
        Revision {plan.revision} · valid until {longDate(validUntilOf(plan, day))}
      </p>
      {shown.map((option) => (
        <OptionTable
          key={option.id}
          option={option}
          heading={shown.length > 1
            ? `Option ${option.position + 1}: ${option.name}${
              option.recommended ? " (recommended)" : ""
            }`
            : option.name}
        />
      ))}
      {plan.notes && <p class="mt-6 whitespace-pre-line text-sm text-slate-700">{plan.notes}</p>}
      {photos && (plan.beforePhotoId || plan.afterPhotoId) && (
        <section class="mt-6 grid grid-cols-2 gap-4 break-inside-avoid">
          {(["before", "after"] as const).map((slot) => (
            <figure key={slot} class="m-0">
              <figcaption class="text-xs uppercase tracking-wide text-slate-500">
                {slot === "before" ? "Before" : "After"}
              </figcaption>
              {(slot === "before" ? plan.beforePhotoId : plan.afterPhotoId)
                ? (
                  <img
                    src={`/treatment-plans/${plan.id}/image/${slot}`}
                    alt={`${slot} photo`}
                    class="mt-1 w-full rounded"
                  />
                )
                : <p class="mt-1 text-sm text-slate-400">No photo</p>}
            </figure>
          ))}
        </section>
      )}
      {acceptance && (
        <section class="mt-6 border-t border-slate-300 pt-4 text-sm break-inside-avoid">
          <p>
            Accepted by {acceptance.signedName ?? acceptance.acceptedByName ?? "the patient"} on
            {" "}
            {formatDateTime(acceptance.acceptedAt, timeZone)}
            {acceptance.via === "remote" ? " (online)" : ""} · revision {acceptance.revision}
          </p>
          {photos && acceptance.signatureFileId && (
            <img
              src={`/treatment-plans/${plan.id}/image/signature?acceptance=${acceptance.id}`}
              alt="Signature"
              class="mt-2 h-16"
            />
          )}
          <p class="mt-1 break-all font-mono text-[10px] text-slate-500">
            SHA-256 {acceptance.snapshotSha256}
          </p>
        </section>
      )}
      {children}
    </main>
  );
}
