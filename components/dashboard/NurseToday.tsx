/**
 * The chairside day: each operatory with who is in it now and who comes
 * next, today's procedures by type, the stock running low (with the
 * inventory module), and the day per chair.
 */
import { Badge } from "../ui/mod.ts";
import { COLOR_TAG_SWATCHES } from "../color-tags.ts";
import type { TodayBoard } from "../../lib/dashboard/today.ts";
import type { Chair, ProcedureCount } from "../../lib/dashboard/day-summary.ts";
import { formatTime } from "../../lib/view/format.ts";
import { EmptyLine, Panel } from "./today-parts.tsx";
import { SchedulePanel } from "./ReceptionToday.tsx";
import { LowStockPanel } from "./LowStockPanel.tsx";

function ChairCard({ chair, board }: { chair: Chair; board: TodayBoard }) {
  const busy = chair.current.length > 0;
  return (
    <li
      data-operatory={chair.operatory.id}
      class={`flex flex-col rounded-xl bg-white p-4 shadow-sm ring-1 ${
        busy ? "ring-amber-300" : "ring-slate-200"
      }`}
    >
      <div class="flex items-center justify-between gap-3">
        <h3 class="truncate font-semibold text-slate-900">{chair.operatory.name}</h3>
        {busy ? <Badge tone="amber" dot>In use</Badge> : <Badge tone="green" dot>Free</Badge>}
      </div>
      <div class="mt-3 flex-1 space-y-2">
        {busy
          ? chair.current.map((a) => (
            <a
              key={a.id}
              href={`/appointments/${a.id}`}
              data-appointment={a.id}
              data-in-chair=""
              class="block rounded-lg bg-amber-50 px-3 py-2.5 hover:bg-amber-100"
            >
              <span class="block truncate text-lg font-semibold text-slate-900">
                {a.patientName}
              </span>
              <span class="block truncate text-sm text-slate-600">
                {a.type} · {a.doctorName} · since {formatTime(a.startsAt, board.timeZone)}
              </span>
            </a>
          ))
          : <p class="px-1 py-2.5 text-sm text-slate-500">Nobody in the chair.</p>}
      </div>
      <div class="mt-3 border-t border-slate-100 pt-3">
        <p class="text-xs font-medium uppercase tracking-wide text-slate-500">Next</p>
        {chair.next
          ? (
            <a
              href={`/appointments/${chair.next.id}`}
              data-appointment={chair.next.id}
              data-next=""
              class="mt-0.5 flex min-h-[2.75rem] items-center gap-2 text-sm hover:underline"
            >
              <span class="font-semibold tabular-nums text-slate-900">
                {formatTime(chair.next.startsAt, board.timeZone)}
              </span>
              <span class="min-w-0 truncate text-slate-700">
                {chair.next.patientName} · {chair.next.type}
              </span>
            </a>
          )
          : <p class="mt-0.5 py-2.5 text-sm text-slate-500">Nobody else today.</p>}
      </div>
    </li>
  );
}

export function ChairsPanel({ chairs, board }: { chairs: Chair[]; board: TodayBoard }) {
  return (
    <section data-panel="chairs" aria-labelledby="chairs-title">
      <h2 id="chairs-title" class="mb-3 text-sm font-semibold text-slate-900">Chairs now</h2>
      {chairs.length === 0
        ? (
          <p class="rounded-xl bg-white px-5 py-6 text-sm text-slate-500 ring-1 ring-slate-200">
            No operatories are set up yet.
          </p>
        )
        : (
          <ul class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {chairs.map((chair) => (
              <ChairCard key={chair.operatory.id} chair={chair} board={board} />
            ))}
          </ul>
        )}
    </section>
  );
}

export function ProceduresPanel({ procedures }: { procedures: ProcedureCount[] }) {
  const total = procedures.reduce((n, p) => n + p.total, 0);
  return (
    <Panel id="procedures" title="Today's procedures" count={total}>
      {procedures.length === 0
        ? <EmptyLine>No procedures booked today.</EmptyLine>
        : (
          <ul class="space-y-3 px-5 py-4">
            {procedures.map((p) => (
              <li key={p.type} data-procedure={p.type}>
                <div class="flex items-baseline justify-between gap-3 text-sm">
                  <span class="flex min-w-0 items-center gap-2">
                    <span
                      class={`h-2.5 w-2.5 shrink-0 rounded-full ${COLOR_TAG_SWATCHES[p.colorTag]}`}
                      aria-hidden="true"
                    />
                    <span class="truncate font-medium text-slate-900">{p.type}</span>
                  </span>
                  <span class="shrink-0 tabular-nums text-slate-600">
                    <span class="font-semibold text-slate-900" data-count="">{p.total}</span>
                    {" · "}
                    {p.done} done
                  </span>
                </div>
                <div class="mt-1.5 h-1.5 overflow-hidden rounded-full bg-slate-100">
                  <div
                    class="h-full rounded-full bg-brand-500"
                    style={`width:${Math.round((p.done / p.total) * 100)}%`}
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
    </Panel>
  );
}

export function NurseToday({ board }: { board: TodayBoard }) {
  return (
    <div class="space-y-6">
      {board.chairs && <ChairsPanel chairs={board.chairs} board={board} />}
      <div class="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
        {(board.procedures || board.lowStock) && (
          <div class="grid min-w-0 gap-6">
            {board.procedures && <ProceduresPanel procedures={board.procedures} />}
            {board.lowStock && <LowStockPanel items={board.lowStock} />}
          </div>
        )}
        {board.schedule && (
          <div class="min-w-0 lg:col-span-2">
            <SchedulePanel rooms={board.schedule} board={board} narrow />
          </div>
        )}
      </div>
    </div>
  );
}
