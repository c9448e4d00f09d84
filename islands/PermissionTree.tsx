/**
 * The collapsible Permission Tree of the release notes: module → sub-module
 * → key, with a checkbox on every branch. A branch is checked when all of its
 * available keys are, empty when none are, and indeterminate in between;
 * clicking it selects or clears the whole branch. Keys of modules the clinic
 * lacks are shown disabled, so nobody wonders where they went.
 *
 * It edits a list of keys and saves it with one request, so the same island
 * serves role templates and a member's individual permissions.
 *
 * @example
 * ```tsx
 * <PermissionTree
 *   tree={PERMISSION_TREE}
 *   selected={template.permissions}
 *   unavailable={keysOutsideModules(access.modules)}
 *   saveUrl="/api/v1/role-templates/doctor"
 *   resetUrl="/api/v1/role-templates/doctor"
 * />
 * ```
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { PermissionModule } from "../lib/permissions/tree.ts";

export interface PermissionTreeProps {
  tree: readonly PermissionModule[];
  /** Keys that start checked. */
  selected: string[];
  /** Keys of modules the clinic lacks: shown disabled, never sent. */
  unavailable?: string[];
  /** Shows the tree without letting anything change (no save bar). */
  readOnly?: boolean;
  /** Where the edited list goes, as `{ permissions }`; no save bar without it. */
  saveUrl?: string;
  method?: "PUT";
  /** Answers DELETE to go back to the default; asked for confirmation first. */
  resetUrl?: string;
  saveLabel?: string;
  resetLabel?: string;
  resetConfirm?: string;
  /** Heading of the tree, e.g. the role or member it belongs to. */
  title?: string;
  /** Describes where the shown keys come from, e.g. "Plan default (Pro)". */
  badge?: string;
  /** Replaces `badge` once a save succeeded, e.g. "Customised". */
  savedBadge?: string;
  /** Prefix for element ids, when a page shows more than one tree. */
  id?: string;
}

type BranchState = "all" | "some" | "none";
type Status = { kind: "idle" | "saving" | "saved" | "error"; message?: string };

// Colours of text that changes after interaction: twind only emits CSS for classes in the server render.
const TONES = { saved: "#047857", error: "#b91c1c", dirty: "#b45309" };

const sameKeys = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every((key) => b.has(key));

function BranchCheckbox({ state, disabled, label, branch, onToggle }: {
  state: BranchState;
  disabled: boolean;
  label: string;
  branch: string;
  onToggle: () => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  // `indeterminate` is a property only; no attribute can carry it from the server.
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === "some";
  });
  return (
    <input
      ref={ref}
      type="checkbox"
      class="h-4 w-4 shrink-0 cursor-pointer accent-brand-600 disabled:cursor-not-allowed"
      checked={state === "all"}
      disabled={disabled}
      aria-label={label}
      data-branch={branch}
      onChange={onToggle}
    />
  );
}

function Chevron({ open }: { open: boolean }) {
  return (
    <svg
      viewBox="0 0 20 20"
      fill="currentColor"
      aria-hidden="true"
      class="h-4 w-4 shrink-0 text-slate-400 transition-transform"
      style={{ transform: open ? "rotate(90deg)" : "none" }}
    >
      <path d="M7.2 4.2a.75.75 0 0 1 1.06 0l5.25 5.25a.75.75 0 0 1 0 1.06L8.26 15.8a.75.75 0 1 1-1.06-1.06L11.94 10 7.2 5.26a.75.75 0 0 1 0-1.06" />
    </svg>
  );
}

const PLAN_NOTE = "Not in the clinic's plan or modules";

function NotInPlan() {
  return (
    <span
      class="shrink-0 whitespace-nowrap rounded-full bg-amber-50 px-2 py-0.5 text-[11px] font-medium text-amber-700 ring-1 ring-inset ring-amber-200"
      title={PLAN_NOTE}
    >
      Not in plan
    </span>
  );
}

export default function PermissionTree(props: PermissionTreeProps) {
  const { tree, readOnly = false, saveUrl, method = "PUT", resetUrl } = props;
  const prefix = props.id ?? "permission-tree";
  const unavailable = new Set(props.unavailable ?? []);
  const [selected, setSelected] = useState(() => new Set(props.selected));
  const [baseline, setBaseline] = useState(() => new Set(props.selected));
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [savedOnce, setSavedOnce] = useState(false);

  const editable = (key: string) => !readOnly && !unavailable.has(key);
  const availableKeys = tree.flatMap((m) =>
    m.groups.flatMap((g) => g.permissions.map((p) => p.key))
  ).filter((key) => !unavailable.has(key));
  const dirty = !sameKeys(selected, baseline);

  const countOf = (keys: string[]) => {
    const available = keys.filter((key) => !unavailable.has(key));
    return { on: available.filter((key) => selected.has(key)).length, of: available.length };
  };
  const stateOf = (keys: string[]): BranchState => {
    const { on, of } = countOf(keys);
    return on === 0 ? "none" : on === of ? "all" : "some";
  };
  const change = (next: Set<string>) => {
    setSelected(next);
    if (status.kind !== "saving") setStatus({ kind: "idle" });
  };
  const toggleKey = (key: string) => {
    const next = new Set(selected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    change(next);
  };
  /** A partly selected branch fills up first; only a full one empties. */
  const toggleBranch = (keys: string[]) => {
    const targets = keys.filter(editable);
    const next = new Set(selected);
    const fill = targets.some((key) => !next.has(key));
    for (const key of targets) fill ? next.add(key) : next.delete(key);
    change(next);
  };
  const toggleOpen = (key: string) => {
    const next = new Set(open);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setOpen(next);
  };
  const allOpen = open.size === tree.length;

  async function save() {
    if (!saveUrl) return;
    setStatus({ kind: "saving" });
    const permissions = availableKeys.filter((key) => selected.has(key));
    try {
      const response = await fetch(saveUrl, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ permissions }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        setStatus({ kind: "error", message: body?.error ?? `Could not save (${response.status})` });
        return;
      }
      const saved = new Set<string>(
        Array.isArray(body?.permissions) ? body.permissions : permissions,
      );
      setSelected(saved);
      setBaseline(saved);
      setSavedOnce(true);
      const ignored = Array.isArray(body?.ignored) ? body.ignored.length : 0;
      setStatus({
        kind: "saved",
        message: ignored ? `Saved · ${ignored} outside the clinic's modules left out` : "Saved",
      });
    } catch {
      setStatus({ kind: "error", message: "Could not reach the server; nothing was saved" });
    }
  }

  async function reset() {
    if (!resetUrl) return;
    if (!confirm(props.resetConfirm ?? "Go back to the default permissions?")) return;
    setStatus({ kind: "saving" });
    try {
      const response = await fetch(resetUrl, { method: "DELETE" });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        setStatus({
          kind: "error",
          message: body?.error ?? `Could not reset (${response.status})`,
        });
        return;
      }
      location.reload();
    } catch {
      setStatus({ kind: "error", message: "Could not reach the server; nothing was reset" });
    }
  }

  const total = countOf(availableKeys);
  const message = status.kind === "idle" && dirty ? "Unsaved changes" : status.message ?? "";
  const tone = status.kind === "saved"
    ? TONES.saved
    : status.kind === "error"
    ? TONES.error
    : TONES.dirty;
  const showSavedBadge = savedOnce && Boolean(props.savedBadge);

  return (
    <section
      class="rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
      aria-label={props.title ?? "Permissions"}
    >
      <header class="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-100 px-4 py-3.5 sm:px-5">
        <div class="flex w-full min-w-0 flex-wrap items-center gap-2 sm:w-auto sm:flex-1">
          {props.title && <h2 class="text-sm font-semibold text-slate-900">{props.title}</h2>}
          {props.badge && (
            <span
              class={`${
                showSavedBadge ? "hidden " : ""
              }whitespace-nowrap rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-200`}
            >
              {props.badge}
            </span>
          )}
          {props.savedBadge && (
            <span
              class={`${
                showSavedBadge ? "" : "hidden "
              }whitespace-nowrap rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700 ring-1 ring-inset ring-brand-200`}
            >
              {props.savedBadge}
            </span>
          )}
        </div>
        <p class="flex-1 text-sm text-slate-500 sm:flex-none" data-total>
          <span class="font-semibold tabular-nums text-slate-900">{total.on}</span> of{" "}
          <span class="tabular-nums">{total.of}</span> permissions
        </p>
        <button
          type="button"
          class="text-sm font-medium text-brand-700 hover:text-brand-800"
          onClick={() => setOpen(allOpen ? new Set() : new Set(tree.map((m) => m.key)))}
        >
          {allOpen ? "Collapse all" : "Expand all"}
        </button>
      </header>

      <ul class="divide-y divide-slate-100">
        {tree.map((module) => {
          const keys = module.groups.flatMap((g) => g.permissions.map((p) => p.key));
          const count = countOf(keys);
          const moduleMissing = count.of === 0;
          const isOpen = open.has(module.key);
          const bodyId = `${prefix}-${module.key}`;
          return (
            <li key={module.key} data-module={module.key}>
              <div class="flex items-center gap-3 px-4 sm:px-5">
                <BranchCheckbox
                  state={stateOf(keys)}
                  disabled={readOnly || moduleMissing}
                  label={`All of ${module.label}`}
                  branch={module.key}
                  onToggle={() => toggleBranch(keys)}
                />
                <button
                  type="button"
                  class="flex min-w-0 flex-1 items-center gap-3 py-3 text-left"
                  aria-expanded={isOpen}
                  aria-controls={bodyId}
                  onClick={() => toggleOpen(module.key)}
                >
                  <span
                    class={`min-w-0 flex-1 truncate text-sm font-medium ${
                      moduleMissing ? "text-slate-500" : "text-slate-900"
                    }`}
                  >
                    {module.label}
                  </span>
                  {moduleMissing
                    ? <NotInPlan />
                    : (
                      <span class="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium tabular-nums text-slate-600">
                        {count.on} of {count.of}
                      </span>
                    )}
                  <Chevron open={isOpen} />
                </button>
              </div>
              <div
                id={bodyId}
                class={`${
                  isOpen ? "" : "hidden "
                }border-t border-slate-100 bg-slate-50 px-3 py-3 sm:px-5 sm:py-4`}
              >
                <div class="grid grid-cols-1 items-start gap-3 md:grid-cols-2">
                  {module.groups.map((group) => {
                    const groupKeys = group.permissions.map((p) => p.key);
                    const groupCount = countOf(groupKeys);
                    const groupMissing = groupCount.of === 0;
                    return (
                      <div
                        key={group.key}
                        data-group={group.key}
                        class="rounded-lg bg-white p-3 ring-1 ring-slate-200"
                      >
                        <label class="flex items-center gap-2.5">
                          <BranchCheckbox
                            state={stateOf(groupKeys)}
                            disabled={readOnly || groupMissing}
                            label={`All of ${group.label}`}
                            branch={group.key}
                            onToggle={() => toggleBranch(groupKeys)}
                          />
                          <span
                            class={`min-w-0 flex-1 text-sm font-semibold ${
                              groupMissing ? "text-slate-500" : "text-slate-800"
                            }`}
                          >
                            {group.label}
                          </span>
                          {groupMissing && !moduleMissing
                            ? <NotInPlan />
                            : !groupMissing && (
                              <span class="text-xs tabular-nums text-slate-500">
                                {groupCount.on}/{groupCount.of}
                              </span>
                            )}
                        </label>
                        <ul class="mt-2 ml-2 space-y-1.5 border-l border-slate-200 pl-4">
                          {group.permissions.map((permission) => {
                            const missing = unavailable.has(permission.key);
                            return (
                              <li key={permission.key}>
                                <label
                                  class={`flex items-start gap-2.5 ${
                                    missing ? "text-slate-500" : "text-slate-700"
                                  }`}
                                  title={missing ? PLAN_NOTE : undefined}
                                >
                                  <input
                                    type="checkbox"
                                    class="mt-0.5 h-4 w-4 shrink-0 cursor-pointer accent-brand-600 disabled:cursor-not-allowed"
                                    checked={!missing && selected.has(permission.key)}
                                    disabled={!editable(permission.key)}
                                    data-permission={permission.key}
                                    onChange={() => toggleKey(permission.key)}
                                  />
                                  <span class="min-w-0 flex-1 text-sm leading-5">
                                    {permission.label}
                                    <code class="block break-all font-mono text-[11px] leading-4 text-slate-500">
                                      {permission.key}
                                    </code>
                                  </span>
                                  {missing && !groupMissing && <NotInPlan />}
                                </label>
                              </li>
                            );
                          })}
                        </ul>
                      </div>
                    );
                  })}
                </div>
              </div>
            </li>
          );
        })}
      </ul>

      {!readOnly && saveUrl && (
        <footer class="sticky bottom-0 flex flex-col gap-3 rounded-b-xl border-t border-slate-200 bg-white px-4 py-3 sm:flex-row sm:items-center sm:px-5">
          <p
            role="status"
            aria-live="polite"
            class="min-h-[1.25rem] flex-1 text-sm font-medium"
            style={{ color: tone }}
          >
            {status.kind === "saving" ? "Saving…" : message}
          </p>
          <div class="flex items-center gap-2">
            {resetUrl && (
              <button
                type="button"
                class="flex-1 rounded-lg px-3.5 py-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-50 sm:flex-none"
                disabled={status.kind === "saving"}
                onClick={reset}
              >
                {props.resetLabel ?? "Reset to default"}
              </button>
            )}
            <button
              type="button"
              class="flex-1 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50 sm:flex-none"
              disabled={!dirty || status.kind === "saving"}
              onClick={save}
            >
              {props.saveLabel ?? "Save"}
            </button>
          </div>
        </footer>
      )}
    </section>
  );
}
