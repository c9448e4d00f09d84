/**
 * The treatment plan editor: options (alternatives, one recommended), phases, and line items
 * picked from the catalog by searching as you type, with teeth picked on a small FDI chart,
 * surfaces, quantity and an inline price override shown against the catalog price. The totals
 * and the discount indicator are a preview computed with the server's own arithmetic
 * (lib/treatment/pricing.ts); the server recomputes and stores the real figures on save.
 *
 * Discounts: automatic policies appear as their conditions become true ("Senior citizen 10 % —
 * patient is 67") and are removed, with a note saying why, when they stop holding. An option
 * opened for editing shows the discount it was saved with until something it depends on
 * changes, exactly as the server will keep it.
 */
import { useMemo, useRef, useState } from "preact/hooks";
import type {
  EditorDocument,
  EditorItem,
  EditorOption,
  PlanEditorProps,
} from "../lib/treatment/editor.ts";
import {
  type AppliedDiscount,
  discountBasis,
  discountIndicator,
  evaluatePolicy,
  manualDiscount,
  priceOption,
  selectDiscounts,
} from "../lib/treatment/pricing.ts";
import { formatPkr, parseRupees, rupeesText } from "../lib/treatment/money.ts";
import { CATEGORY_LABELS, type ServiceCategory } from "../lib/treatment/categories.ts";
import { archRows } from "../lib/clinical/teeth.ts";

const CONTROL =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const SMALL_BUTTON =
  "inline-flex items-center justify-center rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ring-inset ring-slate-300 bg-white text-slate-700 hover:bg-slate-50";
const PRIMARY =
  "inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700";
const SURFACES = ["M", "O", "D", "B", "L"] as const;

const fold = (text: string) => text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");

function ToothPicker(
  { selected, planned, onPick }: {
    selected: string | null;
    planned: ReadonlySet<string>;
    onPick: (tooth: string) => void;
  },
) {
  const { upper, lower } = archRows("permanent");
  const row = (teeth: string[]) => (
    <div
      class="grid grid-cols-16 gap-0.5"
      style="grid-template-columns: repeat(16, minmax(0, 1fr))"
    >
      {teeth.map((tooth, i) => (
        <button
          type="button"
          key={tooth}
          data-pick-tooth={tooth}
          aria-pressed={selected === tooth}
          onClick={() => onPick(tooth)}
          class={`relative rounded-md py-1.5 text-[11px] font-semibold tabular-nums sm:text-xs ${
            i === 8 ? "ml-1" : ""
          } ${
            selected === tooth
              ? "bg-brand-600 text-white"
              : planned.has(tooth)
              ? "bg-amber-100 text-amber-900 ring-1 ring-amber-300"
              : "bg-slate-100 text-slate-700 hover:bg-slate-200"
          }`}
        >
          {tooth}
        </button>
      ))}
    </div>
  );
  return (
    <div class="space-y-1" role="group" aria-label="Pick a tooth (FDI)">
      {row(upper)}
      {row(lower)}
      <p class="flex justify-between text-[10px] font-medium uppercase tracking-wide text-slate-400">
        <span>Patient's right</span>
        <span>Left</span>
      </p>
    </div>
  );
}

interface OptionPreview {
  lines: { category: string; quantity: number; unitPriceMinor: number }[];
  discounts: AppliedDiscount[];
  totals: ReturnType<typeof priceOption>;
  phaseTotals: { subtotal: number; discount: number; total: number }[];
  restored: boolean;
}

export default function PlanEditor(props: PlanEditorProps) {
  const { services, policies, patient, mayApplyDiscounts } = props;
  const serviceById = useMemo(() => new Map(services.map((s) => [s.id, s])), [services]);
  const [doc, setDoc] = useState<EditorDocument>(props.initial);
  const [active, setActive] = useState(0);
  const [tooth, setTooth] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const [phaseIndex, setPhaseIndex] = useState(0);
  const [hint, setHint] = useState<string | null>(null);
  // Policies shown last time, per option, so a policy that stops applying can say why.
  const shown = useRef(new Map<number, AppliedDiscount[]>());
  const dropped = useRef(new Map<number, Map<string, AppliedDiscount>>());

  const facts = { ageYears: patient.ageYears, tags: patient.tags };
  const option = doc.options[Math.min(active, doc.options.length - 1)];

  function preview(opt: EditorOption): OptionPreview {
    const items = opt.phases.flatMap((p, phase) => p.items.map((item) => ({ phase, item })));
    const lines = items.map(({ item }) => ({
      category: serviceById.get(item.serviceId)?.category ?? "other",
      quantity: item.quantity,
      unitPriceMinor: item.unitPriceMinor,
    }));
    const saved = props.saved.find((s) => s.optionId === opt.id);
    let discounts: AppliedDiscount[] = [];
    let restored = false;
    if (opt.discount.mode === "manual") {
      discounts = opt.discount.amountMinor > 0 ? [manualDiscount(opt.discount.amountMinor)] : [];
    } else if (opt.discount.mode === "auto") {
      if (saved?.mode === "auto" && saved.basis === discountBasis(lines)) {
        discounts = saved.discounts;
        restored = true;
      } else {
        discounts = selectDiscounts(policies, facts, lines);
      }
    }
    const totals = priceOption(lines, discounts);
    const phaseTotals = opt.phases.map((_, phase) => {
      let subtotal = 0;
      let discount = 0;
      items.forEach((entry, i) => {
        if (entry.phase !== phase) return;
        subtotal += totals.lineTotals[i];
        discount += totals.lineDiscounts[i];
      });
      return { subtotal, discount, total: subtotal - discount };
    });
    return { lines, discounts, totals, phaseTotals, restored };
  }

  const current = preview(option);
  // A policy that stops applying stays listed, with the reason, until it applies again.
  const droppedHere = dropped.current.get(active) ?? new Map<string, AppliedDiscount>();
  for (const d of shown.current.get(active) ?? []) {
    if (d.policyId && !current.discounts.some((c) => c.policyId === d.policyId)) {
      droppedHere.set(d.policyId, d);
    }
  }
  for (const d of current.discounts) if (d.policyId) droppedHere.delete(d.policyId);
  dropped.current.set(active, droppedHere);
  shown.current.set(active, current.discounts);
  const droppedList = option.discount.mode === "auto" ? [...droppedHere.values()] : [];

  function update(change: (draft: EditorDocument) => void) {
    const next: EditorDocument = structuredClone(doc);
    change(next);
    setDoc(next);
  }
  const updateOption = (change: (o: EditorOption) => void) =>
    update((d) => change(d.options[active]));
  const updateItem = (phase: number, index: number, change: (item: EditorItem) => void) =>
    updateOption((o) => change(o.phases[phase].items[index]));

  const matches = useMemo(() => {
    const q = fold(query.trim());
    if (!q) return [];
    return services.filter((s) =>
      fold(`${s.code} ${s.name} ${CATEGORY_LABELS[s.category as ServiceCategory] ?? ""}`).includes(
        q,
      )
    )
      .slice(0, 8);
  }, [query, services]);

  function addService(serviceId: string) {
    const service = serviceById.get(serviceId)!;
    if (service.perTooth && !tooth) {
      setHint(`${service.name} is per tooth: pick the tooth on the chart first.`);
      return;
    }
    setHint(null);
    const phase = Math.min(phaseIndex, option.phases.length - 1);
    updateOption((o) =>
      o.phases[phase].items.push({
        serviceId,
        tooth: service.perTooth ? tooth : null,
        surfaces: "",
        quantity: 1,
        unitPriceMinor: service.priceMinor,
        status: "planned",
        appointmentId: null,
      })
    );
    setQuery("");
  }

  const plannedTeeth = new Set(
    option.phases.flatMap((p) => p.items.map((i) => i.tooth).filter((t): t is string => !!t)),
  );

  const posted = JSON.stringify({
    ...doc,
    options: doc.options.map((o) => ({
      ...o,
      phases: o.phases.map((p) => ({
        name: p.name,
        items: p.items.map((i) => ({ ...i, tooth: i.tooth || null })),
      })),
    })),
  });

  return (
    <form method="post" action={props.action} class="space-y-6" data-plan-editor>
      <input type="hidden" name="plan" value={posted} />
      {props.problem && (
        <p
          role="alert"
          class="rounded-lg bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200"
        >
          {props.problem}
        </p>
      )}
      <section class="grid gap-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-3">
        <label class="block text-sm font-medium text-slate-700 sm:col-span-2">
          Title
          <input
            class={`${CONTROL} mt-1.5`}
            name="title-preview"
            value={doc.title}
            required
            maxLength={120}
            onInput={(e) => update((d) => d.title = (e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="block text-sm font-medium text-slate-700">
          Valid until <span class="font-normal text-slate-500">(optional)</span>
          <input
            type="date"
            class={`${CONTROL} mt-1.5`}
            value={doc.validUntil ?? ""}
            onInput={(e) =>
              update((d) => d.validUntil = (e.target as HTMLInputElement).value || null)}
          />
        </label>
        <label class="block text-sm font-medium text-slate-700 sm:col-span-3">
          Notes <span class="font-normal text-slate-500">(optional)</span>
          <textarea
            class={`${CONTROL} mt-1.5`}
            rows={2}
            maxLength={2000}
            value={doc.notes ?? ""}
            onInput={(e) =>
              update((d) => d.notes = (e.target as HTMLTextAreaElement).value || null)}
          />
        </label>
      </section>

      <nav class="flex flex-wrap items-center gap-2" aria-label="Options">
        {doc.options.map((o, i) => (
          <button
            type="button"
            key={i}
            onClick={() => setActive(i)}
            aria-current={i === active ? "true" : undefined}
            class={`rounded-full px-3 py-1.5 text-sm font-semibold ${
              i === active
                ? "bg-slate-900 text-white"
                : "bg-white text-slate-700 ring-1 ring-slate-300"
            }`}
          >
            {o.name || `Option ${i + 1}`}
            {o.recommended && (
              <span class="ml-1.5 text-xs font-medium opacity-75">· recommended</span>
            )}
          </button>
        ))}
        {doc.options.length < 5 && (
          <button
            type="button"
            class={SMALL_BUTTON}
            data-add-option
            onClick={() => {
              update((d) =>
                d.options.push({
                  name: `Option ${d.options.length + 1}`,
                  recommended: false,
                  discount: { mode: "auto" },
                  phases: [{ name: "Phase 1", items: [] }],
                })
              );
              setActive(doc.options.length);
            }}
          >
            + Alternative option
          </button>
        )}
      </nav>

      <div class="grid gap-6 lg:grid-cols-5">
        <section class="space-y-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 lg:col-span-2">
          <div class="flex flex-wrap items-end gap-3">
            <label class="block w-full text-sm font-medium text-slate-700 sm:w-auto sm:flex-1">
              Option name
              <input
                class={`${CONTROL} mt-1.5`}
                value={option.name}
                maxLength={80}
                onInput={(e) => updateOption((o) => o.name = (e.target as HTMLInputElement).value)}
              />
            </label>
            <label class="flex items-center gap-2 pb-2 text-sm text-slate-700">
              <input
                type="radio"
                name="recommended-preview"
                checked={option.recommended}
                onChange={() =>
                  update((d) => d.options.forEach((o, i) => o.recommended = i === active))}
              />
              Recommended
            </label>
            {doc.options.length > 1 && (
              <button
                type="button"
                class="pb-2 text-sm font-semibold text-red-700 hover:underline"
                onClick={() => {
                  update((d) => {
                    d.options.splice(active, 1);
                    if (!d.options.some((o) => o.recommended)) d.options[0].recommended = true;
                  });
                  setActive(0);
                }}
              >
                Remove option
              </button>
            )}
          </div>
          <div>
            <p class="mb-2 text-sm font-medium text-slate-700">
              Tooth {tooth
                ? <span class="text-brand-700">{tooth}</span>
                : <span class="font-normal text-slate-500">— pick on the chart</span>}
            </p>
            <ToothPicker
              selected={tooth}
              planned={plannedTeeth}
              onPick={(t) => setTooth(tooth === t ? null : t)}
            />
          </div>
          <div class="space-y-2">
            <label class="block text-sm font-medium text-slate-700" for="service-search">
              Add a service to
              <select
                class="ml-2 rounded-md border border-slate-300 px-2 py-1 text-sm"
                value={String(Math.min(phaseIndex, option.phases.length - 1))}
                onChange={(e) => setPhaseIndex(Number((e.target as HTMLSelectElement).value))}
                aria-label="Phase to add to"
              >
                {option.phases.map((p, i) => (
                  <option key={i} value={String(i)}>{`Phase ${i + 1}: ${p.name}`}</option>
                ))}
              </select>
            </label>
            <input
              id="service-search"
              type="search"
              class={CONTROL}
              placeholder="Search the catalog: root canal, crown, RCT-M…"
              autocomplete="off"
              value={query}
              onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  if (matches[0]) addService(matches[0].id);
                }
              }}
            />
            {hint && <p class="text-sm text-amber-700" role="status">{hint}</p>}
            {matches.length > 0 && (
              <ul
                class="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200"
                role="listbox"
                data-service-results
              >
                {matches.map((s) => (
                  <li key={s.id}>
                    <button
                      type="button"
                      role="option"
                      data-service={s.code}
                      class="flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50"
                      onClick={() => addService(s.id)}
                    >
                      <span>
                        <span class="font-medium text-slate-900">{s.name}</span>
                        <span class="ml-2 text-xs text-slate-500">
                          {s.code}
                          {s.perTooth ? " · per tooth" : ""}
                        </span>
                      </span>
                      <span class="shrink-0 tabular-nums text-slate-700">
                        {formatPkr(s.priceMinor)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>

        <section class="space-y-4 lg:col-span-3">
          {option.phases.map((phase, p) => (
            <div key={p} class="rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-phase={p}>
              <header class="flex items-center gap-3 border-b border-slate-100 px-4 py-3">
                <span class="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  Phase {p + 1}
                </span>
                <input
                  class="flex-1 rounded-md border border-transparent px-2 py-1 text-sm font-semibold text-slate-900 hover:border-slate-200 focus:border-brand-500 focus:outline-none"
                  value={phase.name}
                  aria-label={`Phase ${p + 1} name`}
                  maxLength={80}
                  onInput={(e) =>
                    updateOption((o) =>
                      o.phases[p].name = (e.target as HTMLInputElement).value
                    )}
                />
                {option.phases.length > 1 && (
                  <button
                    type="button"
                    class="text-xs font-semibold text-red-700 hover:underline"
                    onClick={() =>
                      updateOption((o) => o.phases.splice(p, 1))}
                  >
                    Remove
                  </button>
                )}
              </header>
              {phase.items.length === 0 && (
                <p class="px-4 py-4 text-sm text-slate-500">
                  No services yet: search the catalog to add one.
                </p>
              )}
              <ul class="divide-y divide-slate-100">
                {phase.items.map((item, i) => {
                  const service = serviceById.get(item.serviceId);
                  const overridden = service && item.unitPriceMinor !== service.priceMinor;
                  return (
                    <li
                      key={i}
                      class="grid grid-cols-6 items-center gap-2 px-4 py-3 text-sm"
                      data-item={service?.code}
                    >
                      <div class="col-span-6 sm:col-span-2">
                        <p class="font-medium text-slate-900">
                          {service?.name ?? "Archived service"}
                        </p>
                        <p class="text-xs text-slate-500">
                          {service?.code}
                          {item.status !== "planned" && (
                            <span
                              class={`ml-2 rounded-full px-2 py-0.5 font-semibold ${
                                item.status === "done"
                                  ? "bg-emerald-100 text-emerald-800"
                                  : "bg-sky-100 text-sky-800"
                              }`}
                              data-item-status={item.status}
                            >
                              {item.status === "done" ? "Done" : "Scheduled"}
                            </span>
                          )}
                        </p>
                      </div>
                      <div class="col-span-3 flex items-center gap-1 sm:col-span-2">
                        {service?.perTooth
                          ? (
                            <>
                              <input
                                class="w-12 rounded-md border border-slate-300 px-1.5 py-1 text-center tabular-nums"
                                value={item.tooth ?? ""}
                                aria-label="Tooth"
                                maxLength={2}
                                onInput={(e) =>
                                  updateItem(
                                    p,
                                    i,
                                    (it) => it.tooth = (e.target as HTMLInputElement).value || null,
                                  )}
                              />
                              {SURFACES.map((s) => (
                                <button
                                  type="button"
                                  key={s}
                                  aria-pressed={item.surfaces.includes(s)}
                                  aria-label={`Surface ${s}`}
                                  class={`h-7 w-6 rounded text-xs font-semibold ${
                                    item.surfaces.includes(s)
                                      ? "bg-brand-600 text-white"
                                      : "bg-slate-100 text-slate-600"
                                  }`}
                                  onClick={() =>
                                    updateItem(p, i, (it) => {
                                      const set = new Set(it.surfaces.split(""));
                                      set.has(s) ? set.delete(s) : set.add(s);
                                      it.surfaces = SURFACES.filter((x) => set.has(x)).join("");
                                    })}
                                >
                                  {s}
                                </button>
                              ))}
                            </>
                          )
                          : <span class="text-xs text-slate-400">Whole mouth</span>}
                      </div>
                      <input
                        type="number"
                        min={1}
                        max={99}
                        class="col-span-1 w-full rounded-md border border-slate-300 px-1.5 py-1 text-right tabular-nums"
                        value={item.quantity}
                        aria-label="Quantity"
                        onInput={(e) => {
                          const value = Number((e.target as HTMLInputElement).value);
                          if (Number.isInteger(value) && value >= 1 && value <= 99) {
                            updateItem(p, i, (it) => it.quantity = value);
                          }
                        }}
                      />
                      <div class="col-span-2 text-right sm:col-span-1">
                        <input
                          class={`w-full rounded-md border px-1.5 py-1 text-right tabular-nums ${
                            overridden ? "border-amber-400 bg-amber-50" : "border-slate-300"
                          }`}
                          value={rupeesText(item.unitPriceMinor)}
                          aria-label="Unit price (PKR)"
                          data-price
                          onChange={(e) => {
                            const minor = parseRupees((e.target as HTMLInputElement).value);
                            if (minor !== null) {
                              updateItem(p, i, (it) => it.unitPriceMinor = minor);
                            }
                          }}
                        />
                        {overridden && (
                          <p class="mt-0.5 text-[11px] text-amber-700" data-override>
                            Override · catalog {formatPkr(service!.priceMinor)}
                          </p>
                        )}
                      </div>
                      {item.status === "done"
                        ? (
                          // Its stock was taken and it may be billed: undone on the plan page.
                          <p class="col-span-6 justify-self-end text-xs text-slate-500">
                            Done items are kept; mark it planned on the plan page to remove it
                          </p>
                        )
                        : (
                          <button
                            type="button"
                            class="col-span-6 justify-self-end text-xs font-semibold text-slate-500 hover:text-red-700"
                            onClick={() => updateOption((o) => o.phases[p].items.splice(i, 1))}
                            aria-label={`Remove ${service?.name ?? "item"}`}
                          >
                            Remove
                          </button>
                        )}
                    </li>
                  );
                })}
              </ul>
              <footer class="flex justify-end gap-4 border-t border-slate-100 px-4 py-2 text-sm text-slate-600">
                <span>Subtotal {formatPkr(current.phaseTotals[p]?.subtotal ?? 0)}</span>
                {(current.phaseTotals[p]?.discount ?? 0) > 0 && (
                  <span>Discount −{formatPkr(current.phaseTotals[p].discount)}</span>
                )}
                <span class="font-semibold text-slate-900">
                  Total {formatPkr(current.phaseTotals[p]?.total ?? 0)}
                </span>
              </footer>
            </div>
          ))}
          {option.phases.length < 10 && (
            <button
              type="button"
              class={SMALL_BUTTON}
              onClick={() => {
                updateOption((o) =>
                  o.phases.push({ name: `Phase ${o.phases.length + 1}`, items: [] })
                );
                setPhaseIndex(option.phases.length);
              }}
            >
              + Add phase
            </button>
          )}

          <div class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-discount-panel>
            <fieldset class="flex flex-wrap gap-4 text-sm">
              <legend class="mb-2 text-sm font-semibold text-slate-900">Discount</legend>
              {(["auto", "manual", "none"] as const).map((mode) => (
                <label
                  key={mode}
                  class={`flex items-center gap-2 ${
                    mode === "manual" && !mayApplyDiscounts ? "opacity-50" : ""
                  }`}
                >
                  <input
                    type="radio"
                    name="discount-mode-preview"
                    value={mode}
                    checked={option.discount.mode === mode}
                    disabled={mode === "manual" && !mayApplyDiscounts &&
                      option.discount.mode !== "manual"}
                    onChange={() =>
                      updateOption((o) =>
                        o.discount = mode === "manual"
                          ? { mode, amountMinor: current.totals.discountMinor }
                          : { mode }
                      )}
                  />
                  {mode === "auto"
                    ? "Clinic policies"
                    : mode === "manual"
                    ? "Manual amount"
                    : "No discount"}
                </label>
              ))}
            </fieldset>
            {option.discount.mode === "manual" && (
              <label class="mt-3 block max-w-xs text-sm font-medium text-slate-700">
                Amount (PKR)
                <input
                  class={`${CONTROL} mt-1.5`}
                  value={rupeesText(option.discount.amountMinor)}
                  disabled={!mayApplyDiscounts}
                  data-manual-discount
                  onChange={(e) => {
                    const minor = parseRupees((e.target as HTMLInputElement).value);
                    if (minor !== null) {
                      updateOption((o) => o.discount = { mode: "manual", amountMinor: minor });
                    }
                  }}
                />
                {option.discount.amountMinor > current.totals.subtotalMinor && (
                  <span class="mt-1 block text-sm text-red-700">
                    A discount cannot be more than the subtotal.
                  </span>
                )}
              </label>
            )}
            <ul class="mt-3 space-y-1 text-sm" data-discount-indicator aria-live="polite">
              {current.discounts.map((d) => (
                <li key={d.name} class="flex items-center gap-2 text-emerald-800">
                  <span class="h-2 w-2 rounded-full bg-emerald-500" aria-hidden="true" />
                  {discountIndicator(d)}
                  {current.restored && <span class="text-xs text-slate-500">(as saved)</span>}
                </li>
              ))}
              {droppedList.map((d) => {
                const rule = policies.find((r) => r.id === d.policyId);
                const why = rule ? evaluatePolicy(rule, facts, current.lines).unmet : null;
                return (
                  <li
                    key={`dropped-${d.name}`}
                    class="flex items-center gap-2 text-amber-800"
                    data-discount-dropped
                  >
                    <span class="h-2 w-2 rounded-full bg-amber-500" aria-hidden="true" />
                    {d.name} no longer applies{why ? ` — ${why}` : ""}; its discount was removed.
                  </li>
                );
              })}
              {option.discount.mode === "auto" && current.discounts.length === 0 &&
                droppedList.length === 0 && (
                <li class="text-slate-500">No clinic policy applies to this plan.</li>
              )}
            </ul>
            <dl
              class="mt-4 grid grid-cols-3 gap-3 border-t border-slate-100 pt-4 text-sm"
              data-option-totals
            >
              <div>
                <dt class="text-slate-500">Subtotal</dt>
                <dd class="font-semibold tabular-nums text-slate-900" data-total="subtotal">
                  {formatPkr(current.totals.subtotalMinor)}
                </dd>
              </div>
              <div>
                <dt class="text-slate-500">Discount</dt>
                <dd class="font-semibold tabular-nums text-slate-900" data-total="discount">
                  {formatPkr(current.totals.discountMinor)}
                </dd>
              </div>
              <div>
                <dt class="text-slate-500">Total</dt>
                <dd class="text-lg font-semibold tabular-nums text-brand-700" data-total="total">
                  {formatPkr(current.totals.totalMinor)}
                </dd>
              </div>
            </dl>
            <p class="mt-2 text-xs text-slate-500">
              A preview: the server computes and stores the figures when you save.
            </p>
          </div>
        </section>
      </div>

      <div class="flex flex-wrap items-center justify-end gap-3">
        <a
          href={props.cancelHref}
          class="text-sm font-semibold text-slate-600 hover:text-slate-900"
        >
          Cancel
        </a>
        <button type="submit" class={PRIMARY} data-save-plan>{props.submitLabel}</button>
      </div>
    </form>
  );
}
