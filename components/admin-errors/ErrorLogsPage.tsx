/**
 * Superadmin → Error logs: WARN-and-above records the server exported over
 * OTLP, one row per distinct message (newest occurrence first) with how
 * often it happened, filtered by severity, time range and text.
 */
import type { ErrorGroup } from "../../lib/observability/error-log-store.ts";
import {
  type ErrorLogFilters,
  SEVERITY_FILTERS,
  TIME_RANGES,
} from "../../lib/observability/error-log-filters.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";
import { Button, ButtonLink, Card, Input, PageHeader, Select } from "../ui/mod.ts";
import { SeverityBadge } from "./SeverityBadge.tsx";

const PLATFORM_ZONE = "Asia/Karachi";

function Filters({ filters }: { filters: ErrorLogFilters }) {
  return (
    <form
      method="get"
      action="/admin/errors"
      class="mb-6 grid gap-3 sm:grid-cols-[11rem_11rem_1fr_auto] sm:items-end"
      data-error-filters
    >
      <div>
        <label for="severity" class="mb-1 block text-xs font-medium text-slate-600">
          Severity
        </label>
        <Select id="severity" name="severity">
          {Object.entries(SEVERITY_FILTERS).map(([value, label]) => (
            <option value={value} selected={filters.severity === value}>{label}</option>
          ))}
        </Select>
      </div>
      <div>
        <label for="range" class="mb-1 block text-xs font-medium text-slate-600">
          Time range
        </label>
        <Select id="range" name="range">
          {Object.entries(TIME_RANGES).map(([value, { label }]) => (
            <option value={value} selected={filters.range === value}>{label}</option>
          ))}
        </Select>
      </div>
      <div>
        <label for="q" class="mb-1 block text-xs font-medium text-slate-600">
          Message contains
        </label>
        <Input id="q" name="q" type="search" value={filters.q} placeholder="e.g. timeout" />
      </div>
      <div class="flex gap-2">
        <Button type="submit" variant="secondary">Filter</Button>
        {(filters.q || filters.severity !== "all" || filters.range !== "7d") && (
          <ButtonLink href="/admin/errors" variant="ghost">Clear</ButtonLink>
        )}
      </div>
    </form>
  );
}

function GroupRow({ group, now }: { group: ErrorGroup; now: Date }) {
  return (
    <li data-error-group={group.latestId} data-count={group.count}>
      <a
        href={`/admin/errors/${group.latestId}`}
        class="block px-5 py-4 hover:bg-slate-50 focus-visible:bg-slate-50"
      >
        <div class="flex items-start gap-3">
          <SeverityBadge number={group.severityNumber} />
          <div class="min-w-0 flex-1">
            <p class="break-words font-mono text-sm text-slate-900" data-message>
              {group.message}
            </p>
            <p class="mt-1.5 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-500">
              <span title={formatDateTime(group.occurredAt, PLATFORM_ZONE)}>
                {formatRelative(group.occurredAt, now)}
              </span>
              {group.route && <span class="font-mono" data-route>{group.route}</span>}
              {group.clinicName && <span data-clinic>{group.clinicName}</span>}
              {group.release && <span data-release>release {group.release}</span>}
            </p>
          </div>
          <span
            class="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold tabular-nums text-slate-700"
            title={`${group.count} ${group.count === 1 ? "occurrence" : "occurrences"}`}
          >
            ×{group.count}
          </span>
        </div>
      </a>
    </li>
  );
}

export function ErrorLogsPage(
  { groups, filters, now, receiverOn }: {
    groups: ErrorGroup[];
    filters: ErrorLogFilters;
    now: Date;
    /** Whether `OTLP_INGEST_TOKEN` is set, i.e. anything can arrive. */
    receiverOn: boolean;
  },
) {
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  return (
    <>
      <PageHeader
        title="Error logs"
        subtitle={`Warnings and errors the server exported · ${total} ${
          total === 1 ? "record" : "records"
        } in ${groups.length} distinct ${groups.length === 1 ? "message" : "messages"}`}
      />
      <Filters filters={filters} />
      <Card>
        {groups.length === 0
          ? (
            <div class="px-5 py-10 text-center text-sm text-slate-500" data-empty>
              <p>No warnings or errors match these filters.</p>
              {!receiverOn && (
                <p class="mt-2">
                  The OTLP receiver is off: set <code class="font-mono">OTLP_INGEST_TOKEN</code>
                  {" "}
                  and point the server's OpenTelemetry export at{" "}
                  <code class="font-mono">/otlp</code> (see the README).
                </p>
              )}
            </div>
          )
          : (
            <ul class="divide-y divide-slate-100" data-error-groups>
              {groups.map((g) => <GroupRow key={g.latestId} group={g} now={now} />)}
            </ul>
          )}
      </Card>
    </>
  );
}
