/**
 * Periodontal exam entry at chairside, built for the keyboard: one keystroke
 * per site. The cursor walks the sites in the chosen order (the usual
 * arch-by-arch sweep, or tooth by tooth); a digit records the reading and
 * moves on. First pass probing depths, then (automatically) recession.
 *
 * Keys: 0–9 the reading · B bleeding, S suppuration, P plaque on the site just
 * entered · X tooth missing (skipped) · M then 0–3 mobility · F then 1–3
 * furcation · Backspace back one and clear · arrows move · R switches pass.
 * Every cell is also a 44 px button, so a tablet works by touch.
 *
 * @example
 * ```tsx
 * <PerioEntry patientId={id} today="2026-12-03" appointmentId={null} />
 * ```
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import {
  emptySite,
  ENTRY_ORDERS,
  type EntryOrder,
  entrySequence,
  hasFurcation,
  PERIO_TEETH,
  type PerioSite,
  SITE_NAMES,
  siteKey,
  type SiteReading,
  summarize,
  type ToothReading,
} from "../lib/perio/sites.ts";

export interface PerioEntryProps {
  patientId: string;
  /** The clinic's date, YYYY-MM-DD. */
  today: string;
  appointmentId: string | null;
}

type Pass = "depth" | "recession";
const ORDER_KEY = "odontox.perio.order";

/** Classes only readings entered in the browser use; rendered hidden so the server generates their CSS. */
const BROWSER_STATE_CLASSES =
  "bg-red-100 text-red-900 bg-amber-100 text-amber-900 bg-white text-slate-900 text-slate-400 " +
  "z-10 outline outline-2 outline-brand-600 opacity-40 ring-2 ring-inset ring-brand-500 " +
  "absolute right-0.5 top-0.5 h-2 w-2 rounded-full bg-red-600 left-0.5 bg-yellow-500 " +
  "bottom-0.5 left-1/2 h-1.5 w-3 -translate-x-1/2 rounded bg-slate-500 bg-slate-200 px-1 " +
  "font-medium bg-red-50 text-red-800 shadow-sm text-slate-600";

const emptyTooth = (): ToothReading => ({ missing: false, mobility: null, furcation: null });

/** The three sites of one side, left to right as drawn. */
function drawnSites(tooth: string, side: "B" | "L"): PerioSite[] {
  const left = "14".includes(tooth[0]);
  return left
    ? [`D${side}` as PerioSite, side, `M${side}` as PerioSite]
    : [`M${side}` as PerioSite, side, `D${side}` as PerioSite];
}

export default function PerioEntry({ patientId, today, appointmentId }: PerioEntryProps) {
  const [order, setOrder] = useState<EntryOrder>("arches");
  const [sites, setSites] = useState<Map<string, SiteReading>>(new Map());
  const [teeth, setTeeth] = useState<Map<string, ToothReading>>(new Map());
  const [pass, setPass] = useState<Pass>("depth");
  const [cursor, setCursor] = useState(0);
  const [pending, setPending] = useState<"M" | "F" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [date, setDate] = useState(today);
  const grid = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const saved = localStorage.getItem(ORDER_KEY);
    if (saved && saved in ENTRY_ORDERS) setOrder(saved as EntryOrder);
  }, []);

  const missing = useMemo(
    () => new Set([...teeth].filter(([, t]) => t.missing).map(([tooth]) => tooth)),
    [teeth],
  );
  const sequence = useMemo(() => entrySequence(order, missing), [order, missing]);
  const at = sequence[Math.min(cursor, sequence.length - 1)];
  const summary = summarize([...sites.values()]);

  const updateSite = (key: string, change: (s: SiteReading) => SiteReading) =>
    setSites((map) => new Map(map).set(key, change(map.get(key) ?? emptySite())));
  const updateTooth = (tooth: string, change: (t: ToothReading) => ToothReading) =>
    setTeeth((map) => new Map(map).set(tooth, change(map.get(tooth) ?? emptyTooth())));

  const advance = () => {
    if (cursor + 1 < sequence.length) setCursor(cursor + 1);
    else if (pass === "depth") {
      setPass("recession");
      setCursor(0);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !at) return;
    const key = event.key;
    if (pending && /^[0-3]$/.test(key)) {
      event.preventDefault();
      const value = Number(key);
      if (pending === "M") updateTooth(at.tooth, (t) => ({ ...t, mobility: value }));
      else if (hasFurcation(at.tooth) && value > 0) {
        updateTooth(at.tooth, (t) => ({ ...t, furcation: value }));
      }
      setPending(null);
      return;
    }
    setPending(null);
    if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      const value = Number(key);
      updateSite(siteKey(at.tooth, at.site), (s) => ({ ...s, [pass]: value }));
      advance();
      return;
    }
    const lower = key.toLowerCase();
    const flag = ({ b: "bleeding", s: "suppuration", p: "plaque" } as const)[
      lower as "b" | "s" | "p"
    ];
    if (flag) {
      event.preventDefault();
      // The flag belongs to the site just probed: the cursor has already moved on.
      const target = sequence[Math.max(0, cursor - 1)];
      const where = cursor === 0 ? at : target;
      updateSite(siteKey(where.tooth, where.site), (s) => ({ ...s, [flag]: !s[flag] }));
      return;
    }
    if (lower === "m" || lower === "f") {
      event.preventDefault();
      setPending(lower === "m" ? "M" : "F");
      return;
    }
    if (lower === "x") {
      event.preventDefault();
      const tooth = at.tooth;
      updateTooth(tooth, (t) => ({ ...t, missing: !t.missing }));
      setSites((map) => {
        const next = new Map(map);
        for (const k of [...next.keys()]) if (k.startsWith(`${tooth}:`)) next.delete(k);
        return next;
      });
      // The sequence shrinks by this tooth's sites; the cursor lands on the next tooth.
      const first = sequence.findIndex((s) => s.tooth === tooth);
      setCursor(Math.max(0, first));
      return;
    }
    if (lower === "r") {
      event.preventDefault();
      setPass(pass === "depth" ? "recession" : "depth");
      setCursor(0);
      return;
    }
    if (key === "Backspace") {
      event.preventDefault();
      const back = Math.max(0, cursor - 1);
      const target = sequence[back];
      updateSite(siteKey(target.tooth, target.site), (s) => ({ ...s, [pass]: null }));
      setCursor(back);
      return;
    }
    if (key === "ArrowRight" || key === "ArrowDown") {
      event.preventDefault();
      setCursor(Math.min(sequence.length - 1, cursor + 1));
    }
    if (key === "ArrowLeft" || key === "ArrowUp") {
      event.preventDefault();
      setCursor(Math.max(0, cursor - 1));
    }
  };

  const save = async () => {
    setSaving(true);
    setProblem(null);
    try {
      const body = {
        examinedOn: date,
        appointmentId,
        teeth: [...teeth].filter(([, t]) => t.missing || t.mobility !== null || t.furcation)
          .map(([tooth, t]) => ({ tooth, ...t })),
        sites: [...sites].filter(([key]) => !missing.has(key.split(":")[0]))
          .filter(([, s]) => s.depth !== null)
          .map(([key, s]) => {
            const [tooth, site] = key.split(":");
            return { tooth, site, ...s };
          }),
      };
      const response = await fetch(`/api/v1/perio/patients/${patientId}/exams`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({})) as { id?: string; error?: string };
      if (!response.ok || !answer.id) {
        throw new Error(answer.error ?? `The exam was refused (${response.status}).`);
      }
      location.assign(`/patients/${patientId}/perio?exam=${answer.id}&saved=1`);
    } catch (error) {
      setProblem((error as Error).message);
      setSaving(false);
    }
  };

  const cell = (tooth: string, site: PerioSite) => {
    const reading = sites.get(siteKey(tooth, site));
    const current = at && at.tooth === tooth && at.site === site;
    const depth = reading?.depth ?? null;
    const tone = depth === null
      ? "bg-white text-slate-400"
      : depth >= 6
      ? "bg-red-100 text-red-900"
      : depth >= 4
      ? "bg-amber-100 text-amber-900"
      : "bg-white text-slate-900";
    return (
      <button
        key={site}
        type="button"
        tabIndex={-1}
        data-site={`${tooth}:${site}`}
        data-depth={depth ?? ""}
        aria-label={`${tooth} ${SITE_NAMES[site]}`}
        aria-current={current ? "location" : undefined}
        onClick={() => {
          const index = sequence.findIndex((s) => s.tooth === tooth && s.site === site);
          if (index >= 0) setCursor(index);
          grid.current?.focus();
        }}
        class={`relative grid h-11 w-full min-w-0 place-items-center text-sm font-semibold tabular-nums ${tone} ${
          current ? "z-10 outline outline-2 outline-brand-600" : ""
        }`}
      >
        <span>{pass === "recession" ? (reading?.recession ?? "·") : (depth ?? "·")}</span>
        {reading?.bleeding && (
          <span
            class="absolute right-0.5 top-0.5 h-2 w-2 rounded-full bg-red-600"
            title="Bleeding"
          />
        )}
        {reading?.suppuration && (
          <span
            class="absolute left-0.5 top-0.5 h-2 w-2 rounded-full bg-yellow-500"
            title="Suppuration"
          />
        )}
        {reading?.plaque && (
          <span
            class="absolute bottom-0.5 left-1/2 h-1.5 w-3 -translate-x-1/2 rounded bg-slate-500"
            title="Plaque"
          />
        )}
      </button>
    );
  };

  const arch = (row: string[], first: "B" | "L", second: "B" | "L") => (
    <div class="grid min-w-[960px] grid-cols-[repeat(16,minmax(0,1fr))] gap-px rounded-lg bg-slate-200 p-px">
      {row.map((tooth) => {
        const t = teeth.get(tooth);
        return (
          <div
            key={tooth}
            data-perio-tooth={tooth}
            class={`bg-slate-50 ${t?.missing ? "opacity-40" : ""} ${
              at?.tooth === tooth ? "ring-2 ring-inset ring-brand-500" : ""
            }`}
          >
            <div class="grid grid-cols-3 gap-px">
              {drawnSites(tooth, first).map((s) => cell(tooth, s))}
            </div>
            <div class="flex h-7 items-center justify-center gap-1 text-xs font-bold text-slate-700">
              {tooth}
              {t?.mobility
                ? <span class="rounded bg-slate-200 px-1 font-medium">M{t.mobility}</span>
                : null}
              {t?.furcation
                ? <span class="rounded bg-slate-200 px-1 font-medium">F{t.furcation}</span>
                : null}
            </div>
            <div class="grid grid-cols-3 gap-px">
              {drawnSites(tooth, second).map((s) =>
                cell(tooth, s)
              )}
            </div>
          </div>
        );
      })}
    </div>
  );

  return (
    <div class="space-y-4" data-perio-entry>
      <span hidden aria-hidden="true" class={BROWSER_STATE_CLASSES} />
      <div class="flex flex-wrap items-end gap-4">
        <label class="text-sm">
          <span class="mb-1 block font-medium text-slate-700">Exam date</span>
          <input
            type="date"
            value={date}
            max={today}
            onInput={(e) => setDate((e.target as HTMLInputElement).value)}
            class="min-h-[44px] rounded-lg border border-slate-300 px-2"
          />
        </label>
        <label class="text-sm">
          <span class="mb-1 block font-medium text-slate-700">Probing order</span>
          <select
            value={order}
            data-perio-order
            onChange={(e) => {
              const value = (e.target as HTMLSelectElement).value as EntryOrder;
              setOrder(value);
              setCursor(0);
              localStorage.setItem(ORDER_KEY, value);
            }}
            class="min-h-[44px] rounded-lg border border-slate-300 px-2"
          >
            {Object.entries(ENTRY_ORDERS).map(([value, label]) => (
              <option key={value} value={value}>{label}</option>
            ))}
          </select>
        </label>
        <div class="flex gap-1 rounded-lg bg-slate-100 p-1" role="group" aria-label="Pass">
          {(["depth", "recession"] as Pass[]).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={pass === p}
              onClick={() => {
                setPass(p);
                setCursor(0);
                grid.current?.focus();
              }}
              class={`min-h-[36px] rounded-md px-3 text-sm font-semibold ${
                pass === p ? "bg-white text-slate-900 shadow-sm" : "text-slate-600"
              }`}
            >
              {p === "depth" ? "Probing depth" : "Recession"}
            </button>
          ))}
        </div>
      </div>
      <p
        class="rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-900"
        role="status"
        data-perio-cursor={at ? `${at.tooth}:${at.site}` : ""}
      >
        {at
          ? (
            <>
              <strong>Tooth {at.tooth}</strong> · {SITE_NAMES[at.site]} ({at.site}) ·{" "}
              {pass === "depth" ? "probing depth" : "recession"}
              {pending && <>· {pending === "M" ? "mobility 0–3?" : "furcation 1–3?"}</>}
            </>
          )
          : "Every tooth is marked missing."}
      </p>
      <div
        ref={grid}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-perio-grid
        aria-label="Perio chart entry. Type a digit per site; B bleeding, S suppuration, P plaque, X missing tooth, M mobility, F furcation."
        class="space-y-3 overflow-x-auto rounded-xl outline-none focus-visible:ring-2 focus-visible:ring-brand-500"
      >
        <p class="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Upper · buccal above, palatal below
        </p>
        {arch(PERIO_TEETH.upper, "B", "L")}
        <p class="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Lower · lingual above, buccal below
        </p>
        {arch(PERIO_TEETH.lower, "L", "B")}
      </div>
      <dl class="grid grid-cols-2 gap-3 sm:grid-cols-4" data-perio-live-summary>
        <Figure label="Sites probed" value={String(summary.sites)} />
        <Figure
          label="Mean depth"
          value={summary.meanDepth === null ? "—" : `${summary.meanDepth} mm`}
        />
        <Figure
          label="Bleeding"
          value={summary.bleedingPercent === null ? "—" : `${summary.bleedingPercent} %`}
        />
        <Figure label="Sites ≥ 4 mm" value={String(summary.deep4)} />
      </dl>
      {problem && (
        <p class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">{problem}</p>
      )}
      <div class="flex justify-end">
        <button
          type="button"
          onClick={save}
          disabled={saving || summary.sites === 0}
          class="min-h-[44px] rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white disabled:opacity-50"
        >
          {saving ? "Saving…" : "Save exam"}
        </button>
      </div>
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div class="rounded-lg border border-slate-200 bg-white px-3 py-2">
      <dt class="text-xs text-slate-500">{label}</dt>
      <dd class="text-lg font-semibold text-slate-900">{value}</dd>
    </div>
  );
}
