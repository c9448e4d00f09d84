/**
 * Accepting a plan: in the clinic (pick the option, the patient's printed name, an optional
 * signature drawn on the screen) or by emailing the patient a link; and the acceptances so far,
 * each frozen as signed with its SHA-256.
 */
import { Button, Card, Input } from "../ui/mod.ts";
import SignaturePad from "../../islands/SignaturePad.tsx";
import { formatDateTime } from "../../lib/view/format.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import type { AcceptedSnapshot } from "../../lib/treatment/acceptance.ts";
import type { PlanDetail } from "../../lib/treatment/plans.ts";

export function AcceptancePanel({ plan }: { plan: PlanDetail }) {
  const withItems = plan.options.filter((o) => o.phases.some((p) => p.items.length > 0));
  if (withItems.length === 0) return null;
  const preferred = withItems.find((o) => o.recommended) ?? withItems[0];
  return (
    <Card title={plan.acceptances.length ? `Accept revision ${plan.revision}` : "Acceptance"}>
      <form
        method="post"
        action={`/treatment-plans/${plan.id}/accept`}
        class="space-y-4 p-5"
        data-accept-form
      >
        {withItems.length > 1 && (
          <fieldset class="space-y-1 text-sm">
            <legend class="mb-1 font-medium text-slate-700">Option the patient accepts</legend>
            {withItems.map((o) => (
              <label key={o.id} class="flex items-center gap-2">
                <input type="radio" name="optionId" value={o.id} checked={o.id === preferred.id} />
                {o.name} · {formatPkr(o.totalMinor)}
              </label>
            ))}
          </fieldset>
        )}
        {withItems.length === 1 && <input type="hidden" name="optionId" value={preferred.id} />}
        <label class="block text-sm font-medium text-slate-700">
          Patient's printed name <span class="font-normal text-slate-500">(optional)</span>
          <Input name="signedName" class="mt-1.5" maxLength={120} value="" />
        </label>
        <SignaturePad name="signature" label="Signature (optional)" />
        <Button type="submit" class="w-full">Mark accepted</Button>
      </form>
      {plan.patient.email && (
        <form
          method="post"
          action={`/treatment-plans/${plan.id}/send-link`}
          class="border-t border-slate-100 px-5 py-4"
        >
          <p class="mb-2 text-sm text-slate-600">
            Or let {plan.patient.fullName} review and accept at home.
          </p>
          <Button type="submit" variant="secondary" size="sm">
            Email acceptance link to {plan.patient.email}
          </Button>
        </form>
      )}
    </Card>
  );
}

export function AcceptanceHistory({ plan, timeZone }: { plan: PlanDetail; timeZone: string }) {
  if (plan.acceptances.length === 0) return null;
  return (
    <Card title="Accepted">
      <ul class="divide-y divide-slate-100">
        {plan.acceptances.map((a) => {
          const snapshot = JSON.parse(a.snapshot) as AcceptedSnapshot;
          return (
            <li key={a.id} class="space-y-2 px-5 py-4 text-sm" data-acceptance={a.revision}>
              <p class="font-medium text-slate-900">
                Revision {a.revision}: {snapshot.option.name} ·{" "}
                {formatPkr(snapshot.option.totalMinor)}
              </p>
              <p class="text-slate-600">
                {a.via === "remote" ? "Accepted online by " : "Accepted in the clinic"}
                {a.via === "remote" ? a.signedName : a.signedName ? ` by ${a.signedName}` : ""}
                {a.acceptedByName && a.via === "clinic" ? `, recorded by ${a.acceptedByName}` : ""}
                {" · "}
                {formatDateTime(a.acceptedAt, timeZone)}
              </p>
              {a.signatureFileId && (
                <img
                  src={`/treatment-plans/${plan.id}/image/signature?acceptance=${a.id}`}
                  alt="Patient's signature"
                  class="h-16 rounded bg-white ring-1 ring-slate-200"
                />
              )}
              <details class="text-xs text-slate-500">
                <summary class="cursor-pointer">What was accepted</summary>
                <ul class="mt-2 space-y-1">
                  {snapshot.option.phases.flatMap((p) => p.items).map((i, n) => (
                    <li key={n} class="flex justify-between gap-2">
                      <span>{i.name}{i.tooth ? ` (${i.tooth})` : ""}</span>
                      <span class="tabular-nums">{formatPkr(i.lineTotalMinor)}</span>
                    </li>
                  ))}
                  <li class="flex justify-between gap-2 font-semibold text-slate-700">
                    <span>Total after {formatPkr(snapshot.option.discountMinor)} discount</span>
                    <span class="tabular-nums">{formatPkr(snapshot.option.totalMinor)}</span>
                  </li>
                </ul>
                <p class="mt-2 break-all font-mono">SHA-256 {a.snapshotSha256}</p>
              </details>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
