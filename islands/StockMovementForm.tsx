/**
 * Receive, use or count an item's stock from its page. Posts JSON through
 * the page's cache, so the write invalidates every cached inventory read;
 * then the page reloads with the new history. A refusal (not enough on
 * hand, a bad date) shows beside the form with the server's words, and the
 * values stay. Without JavaScript the same form posts as HTML.
 *
 * @example
 * ```tsx
 * <StockMovementForm itemId={id} unitLabel="boxes" kinds={["receive", "consume"]} suppliers={[]} />
 * ```
 */
import { useState } from "preact/hooks";
import { HttpError, sharedCache } from "../lib/islands/swr-cache.ts";

export type MovementKindOption = "receive" | "consume" | "adjust";

export interface StockMovementFormProps {
  itemId: string;
  /** Plural unit, for the quantity label: "boxes". */
  unitLabel: string;
  kinds: MovementKindOption[];
  suppliers: { id: string; name: string }[];
  defaultSupplierId: string | null;
}

const TITLES: Record<MovementKindOption, string> = {
  receive: "Receive",
  consume: "Use",
  adjust: "Count",
};

const CONTROL =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const LABEL = "block text-sm font-medium text-slate-700";

function bodyOf(kind: MovementKindOption, form: FormData): Record<string, unknown> {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const number = (name: string) => (text(name) === "" ? undefined : Number(text(name)));
  switch (kind) {
    case "receive": {
      const cost = text("cost");
      return {
        kind,
        quantity: number("quantity"),
        lotNumber: text("lotNumber") || null,
        expiresOn: text("expiresOn") || null,
        supplierId: text("supplierId") || null,
        costMinor: cost === "" ? null : Math.round(Number(cost.replaceAll(",", "")) * 100),
        note: text("note") || null,
      };
    }
    case "consume":
      return { kind, quantity: number("quantity"), note: text("note") || null };
    case "adjust":
      return { kind, quantity: number("quantity"), reason: text("reason") };
  }
}

export default function StockMovementForm(
  { itemId, unitLabel, kinds, suppliers, defaultSupplierId }: StockMovementFormProps,
) {
  const [kind, setKind] = useState<MovementKindOption>(kinds[0]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (kinds.length === 0) return null;

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await sharedCache().mutate(
        `/api/v1/inventory/items/${itemId}/movements`,
        { method: "POST", body: bodyOf(kind, form) },
        ["/api/v1/inventory/"],
      );
      location.assign(`/inventory/items/${itemId}?notice=${kind}`);
    } catch (failure) {
      setError(failure instanceof HttpError ? failure.message : "Could not save; try again.");
      setBusy(false);
    }
  };

  return (
    <div data-movement-form>
      <div class="flex gap-1 rounded-lg bg-slate-100 p-1" role="tablist">
        {kinds.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={k === kind ? "true" : "false"}
            class={`flex-1 rounded-md px-3 py-1.5 text-sm font-medium ${
              k === kind ? "bg-white text-slate-900 shadow-sm" : "text-slate-600"
            }`}
            onClick={() => {
              setKind(k);
              setError(null);
            }}
          >
            {TITLES[k]}
          </button>
        ))}
      </div>
      <form
        method="post"
        action={`/inventory/items/${itemId}/movements`}
        class="mt-4 grid gap-3"
        onSubmit={submit}
        key={kind}
      >
        <input type="hidden" name="kind" value={kind} />
        <div>
          <label class={LABEL} for="movement-quantity">
            {kind === "adjust" ? `Counted on the shelf (${unitLabel})` : `Quantity (${unitLabel})`}
          </label>
          <input
            id="movement-quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={kind === "adjust" ? 0 : 1}
            required
            class={`mt-1.5 ${CONTROL}`}
          />
        </div>
        {kind === "receive" && (
          <>
            <div class="grid grid-cols-2 gap-3">
              <div>
                <label class={LABEL} for="movement-lot">Lot number</label>
                <input id="movement-lot" name="lotNumber" class={`mt-1.5 ${CONTROL}`} />
              </div>
              <div>
                <label class={LABEL} for="movement-expiry">Expiry date</label>
                <input
                  id="movement-expiry"
                  name="expiresOn"
                  type="date"
                  class={`mt-1.5 ${CONTROL}`}
                />
              </div>
            </div>
            <div class="grid grid-cols-2 gap-3">
              <div>
                <label class={LABEL} for="movement-supplier">Supplier</label>
                <select
                  id="movement-supplier"
                  name="supplierId"
                  class={`mt-1.5 ${CONTROL}`}
                  value={defaultSupplierId ?? ""}
                >
                  <option value="">—</option>
                  {suppliers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                </select>
              </div>
              <div>
                <label class={LABEL} for="movement-cost">Cost (Rs)</label>
                <input
                  id="movement-cost"
                  name="cost"
                  inputMode="decimal"
                  class={`mt-1.5 ${CONTROL}`}
                />
              </div>
            </div>
          </>
        )}
        {kind === "adjust"
          ? (
            <div>
              <label class={LABEL} for="movement-reason">Reason</label>
              <input
                id="movement-reason"
                name="reason"
                required
                placeholder="Monthly stock count"
                class={`mt-1.5 ${CONTROL}`}
              />
            </div>
          )
          : (
            <div>
              <label class={LABEL} for="movement-note">Note (optional)</label>
              <input id="movement-note" name="note" class={`mt-1.5 ${CONTROL}`} />
            </div>
          )}
        {error && (
          <p
            role="alert"
            class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700"
            data-movement-error
          >
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy}
          class="inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-50"
        >
          {kind === "receive"
            ? "Record delivery"
            : kind === "consume"
            ? "Record use"
            : "Save count"}
        </button>
      </form>
    </div>
  );
}
