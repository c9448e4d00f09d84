/** Before and after photos side by side, each uploaded or picked from the patient's intraoral photos. */
import { Button, Card } from "../ui/mod.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import type { PlanDetail } from "../../lib/treatment/plans.ts";

function Slot(
  { plan, slot, canManage, intraoral, timeZone }: {
    plan: PlanDetail;
    slot: "before" | "after";
    canManage: boolean;
    intraoral: { id: string; capturedAt: Date }[];
    timeZone: string;
  },
) {
  const has = slot === "before" ? plan.beforePhotoId : plan.afterPhotoId;
  const label = slot === "before" ? "Before" : "After";
  return (
    <figure class="m-0 space-y-2" data-photo-slot={slot}>
      <figcaption class="text-xs font-semibold uppercase tracking-wide text-slate-500">
        {label}
      </figcaption>
      {has
        ? (
          <img
            src={`/treatment-plans/${plan.id}/image/${slot}?v=${has}`}
            alt={`${label} photo`}
            class="aspect-[4/3] w-full rounded-lg bg-slate-100 object-cover"
          />
        )
        : (
          <div class="grid aspect-[4/3] place-items-center rounded-lg bg-slate-50 text-xs text-slate-400 ring-1 ring-dashed ring-slate-200">
            No photo yet
          </div>
        )}
      {canManage && (
        <form
          method="post"
          action={`/treatment-plans/${plan.id}/photos/${slot}`}
          enctype="multipart/form-data"
          class="space-y-2"
        >
          <input
            type="file"
            name="photo"
            accept="image/jpeg,image/png"
            class="block w-full text-xs"
            aria-label={`${label} photo file`}
          />
          {intraoral.length > 0 && (
            <select
              name="captureId"
              class="block w-full rounded-md border border-slate-300 px-2 py-1 text-xs"
              aria-label="Or pick an intraoral photo"
            >
              <option value="">or pick an intraoral photo…</option>
              {intraoral.map((p) => (
                <option key={p.id} value={p.id}>{formatDateTime(p.capturedAt, timeZone)}</option>
              ))}
            </select>
          )}
          <Button type="submit" size="sm" variant="secondary">Attach</Button>
        </form>
      )}
    </figure>
  );
}

export function PlanPhotos(
  props: {
    plan: PlanDetail;
    canManage: boolean;
    intraoral: { id: string; capturedAt: Date }[];
    timeZone: string;
  },
) {
  return (
    <Card title="Before and after">
      <div class="grid grid-cols-2 gap-4 p-5">
        <Slot {...props} slot="before" />
        <Slot {...props} slot="after" />
      </div>
    </Card>
  );
}
