/**
 * The lab dashboard (`/lab`): counts per status, filters (lab, status,
 * priority, overdue, patient), and the cases as status columns or a list.
 * The region refreshes itself when a case changes anywhere (live event).
 */
import type { LabBoard, LabCaseSummary } from "../../lib/lab/case-queries.ts";
import type { LabCaseFilters } from "../../lib/lab/case-queries.ts";
import {
  CASE_TYPE_LABELS,
  LAB_CASE_STATUSES,
  LAB_PRIORITIES,
  type LabCaseStatus,
  PRIORITY_LABELS,
  STATUS_LABELS,
} from "../../lib/lab/statuses.ts";
import { Button, ButtonLink, Card, Field, Input, PageHeader, Select } from "../ui/mod.ts";
import { Icon } from "../Icon.tsx";
import { CaseFlags, PriorityBadge } from "./LabBadges.tsx";
import { LabCaseList } from "./LabCaseList.tsx";
import { formatDueDate } from "../../lib/lab/due-date-label.ts";
import LabLiveRefresh from "../../islands/LabLiveRefresh.tsx";

/** Columns of the board, in the order work flows; the rest join when they hold cases. */
const BOARD_COLUMNS: LabCaseStatus[] = [
  "draft",
  "sent_to_lab",
  "received_by_lab",
  "in_progress",
  "shipped",
  "delivered",
];

export interface LabDashboardProps {
  board: LabBoard;
  filters: LabCaseFilters;
  labs: { id: string; name: string }[];
  view: "board" | "list";
  mayCreate: boolean;
  query: string;
}

function hrefWith(query: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(query);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const text = params.toString();
  return text ? `/lab?${text}` : "/lab";
}

function BoardCard({ kase }: { kase: LabCaseSummary }) {
  return (
    <a
      href={`/lab/cases/${kase.id}`}
      class={`block rounded-lg bg-white p-3 shadow-sm ring-1 hover:ring-brand-300 ${
        kase.overdue ? "ring-red-300" : "ring-slate-200"
      }`}
      data-lab-case={kase.id}
      data-status={kase.status}
    >
      <span class="flex items-center justify-between gap-2">
        <span class="font-mono text-xs font-semibold text-slate-500">{kase.caseNumber}</span>
        <PriorityBadge priority={kase.priority} />
      </span>
      <span class="mt-1 block text-sm font-medium text-slate-900">{kase.patientName}</span>
      <span class="block text-xs text-slate-500">
        {CASE_TYPE_LABELS[kase.caseType]}
        {kase.teeth.length > 0 && ` · ${kase.teeth.join(", ")}`} · {kase.labName}
      </span>
      <span class="mt-2 flex flex-wrap items-center gap-1.5">
        <CaseFlags overdue={kase.overdue} mayNotBeBack={kase.mayNotBeBack} />
        <span class="text-xs text-slate-500">
          {kase.dueDate ? `Due ${formatDueDate(kase.dueDate)}` : "No due date"}
        </span>
      </span>
    </a>
  );
}

function Board({ board }: { board: LabBoard }) {
  const columns = [
    ...BOARD_COLUMNS,
    ...LAB_CASE_STATUSES.filter((s) =>
      !BOARD_COLUMNS.includes(s) && board.cases.some((c) => c.status === s)
    ),
  ];
  return (
    <div class="-mx-4 overflow-x-auto px-4 pb-2 sm:mx-0 sm:px-0">
      <div class="flex gap-3" style="min-width:min-content">
        {columns.map((status) => {
          const cases = board.cases.filter((c) => c.status === status);
          return (
            <section
              key={status}
              class="w-64 shrink-0 rounded-xl bg-slate-100/70 p-2"
              data-column={status}
            >
              <h2 class="flex items-center justify-between px-1.5 pb-2 pt-1 text-xs font-semibold uppercase tracking-wide text-slate-600">
                {STATUS_LABELS[status]}
                <span class="rounded-full bg-white px-2 py-0.5 text-slate-700 ring-1 ring-slate-200">
                  {cases.length}
                </span>
              </h2>
              <div class="space-y-2">
                {cases.map((kase) => <BoardCard key={kase.id} kase={kase} />)}
                {!cases.length && <p class="px-1.5 py-3 text-xs text-slate-400">No cases</p>}
              </div>
            </section>
          );
        })}
      </div>
    </div>
  );
}

function Filters({ filters, labs, view }: Pick<LabDashboardProps, "filters" | "labs" | "view">) {
  return (
    <Card class="mb-6">
      <form
        method="get"
        action="/lab"
        role="search"
        class="grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-6 lg:items-end"
      >
        <input type="hidden" name="view" value={view} />
        <Field id="filter-patient" label="Patient" class="lg:col-span-2">
          <Input
            id="filter-patient"
            name="patient"
            type="search"
            value={filters.patient ?? ""}
            placeholder="Name or MRN"
          />
        </Field>
        <Field id="filter-lab" label="Lab">
          <Select id="filter-lab" name="lab">
            <option value="">All labs</option>
            {labs.map((lab) => (
              <option key={lab.id} value={lab.id} selected={filters.labId === lab.id}>
                {lab.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="filter-status" label="Status">
          <Select id="filter-status" name="status">
            <option value="">Any status</option>
            {LAB_CASE_STATUSES.map((s) => (
              <option key={s} value={s} selected={filters.status === s}>{STATUS_LABELS[s]}</option>
            ))}
          </Select>
        </Field>
        <Field id="filter-priority" label="Priority">
          <Select id="filter-priority" name="priority">
            <option value="">Any priority</option>
            {LAB_PRIORITIES.map((p) => (
              <option key={p} value={p} selected={filters.priority === p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </Select>
        </Field>
        <div class="flex items-center justify-between gap-3 lg:flex-col lg:items-stretch">
          <label class="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="overdue"
              value="1"
              checked={filters.overdue === true}
              class="h-4 w-4 accent-brand-600"
            />
            Overdue only
          </label>
          <Button variant="secondary" size="sm">Apply</Button>
        </div>
      </form>
    </Card>
  );
}

export function LabDashboardPage(props: LabDashboardProps) {
  const { board, view, query } = props;
  const total = Object.values(board.counts).reduce((a, b) => a + b, 0);
  return (
    <>
      <PageHeader title="Lab cases" subtitle="Work at external labs, by status">
        {props.mayCreate && (
          <ButtonLink href="/lab/cases/new">
            <Icon name="plus" class="h-4 w-4" />
            New case
          </ButtonLink>
        )}
      </PageHeader>
      <LabLiveRefresh scope={{ kind: "all" }} />
      <div data-lab-live>
        <nav aria-label="Cases per status" class="mb-4 flex flex-wrap gap-2">
          <a
            href={hrefWith(query, { status: null })}
            class={`rounded-full px-3 py-1 text-sm ring-1 ${
              !props.filters.status
                ? "bg-slate-900 text-white ring-slate-900"
                : "bg-white text-slate-700 ring-slate-200"
            }`}
          >
            All <span class="font-semibold" data-count="all">{total}</span>
          </a>
          {LAB_CASE_STATUSES.map((status) => (
            <a
              key={status}
              href={hrefWith(query, { status })}
              class={`rounded-full px-3 py-1 text-sm ring-1 ${
                props.filters.status === status
                  ? "bg-slate-900 text-white ring-slate-900"
                  : "bg-white text-slate-700 ring-slate-200"
              }`}
            >
              {STATUS_LABELS[status]}{" "}
              <span class="font-semibold" data-count={status}>{board.counts[status]}</span>
            </a>
          ))}
          <a
            href={hrefWith(query, { overdue: "1" })}
            class="rounded-full bg-red-50 px-3 py-1 text-sm text-red-700 ring-1 ring-red-200"
          >
            Overdue <span class="font-semibold" data-count="overdue">{board.overdueCount}</span>
          </a>
        </nav>
        <Filters filters={props.filters} labs={props.labs} view={view} />
        <div class="mb-3 flex justify-end gap-1" role="group" aria-label="View">
          <ButtonLink
            href={hrefWith(query, { view: "board" })}
            size="sm"
            variant={view === "board" ? "primary" : "secondary"}
            aria-current={view === "board" ? "page" : undefined}
          >
            Columns
          </ButtonLink>
          <ButtonLink
            href={hrefWith(query, { view: "list" })}
            size="sm"
            variant={view === "list" ? "primary" : "secondary"}
            aria-current={view === "list" ? "page" : undefined}
          >
            List
          </ButtonLink>
        </div>
        {view === "board" ? <Board board={board} /> : (
          <Card>
            <LabCaseList cases={board.cases} empty="No cases match these filters." />
          </Card>
        )}
      </div>
    </>
  );
}
