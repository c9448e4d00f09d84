/**
 * The inventory list: search, filters, sortable columns and pages, read
 * through the page's stale-while-revalidate cache. Changing a filter swaps
 * the rows without a reload (and keeps the address in step, so the view can
 * be shared or reloaded); an `inventory.changed` live event — another user,
 * or this user in another tab — refetches what is on screen.
 *
 * Without JavaScript the filters are a plain GET form and the headers plain
 * links; the server renders the same rows.
 *
 * @example
 * ```tsx
 * <InventoryList initial={page} query={{ sort: "name" }} categories={[]} suppliers={[]} />
 * ```
 */
import { useEffect, useState } from "preact/hooks";
import { cacheKey, invalidateOnLive, sharedCache } from "../lib/islands/swr-cache.ts";
import { subscribeLive } from "../lib/islands/live-events.ts";
import { quantityText, STOCK_STATUS_LABELS, type StockStatus } from "../lib/inventory/catalog.ts";
import type { ItemJson } from "../lib/inventory/api-json.ts";

export interface InventoryListPage {
  items: ItemJson[];
  total: number;
  page: number;
  pageSize: number;
}

export interface InventoryListProps {
  initial: InventoryListPage;
  /** The list's query parameters as the page was asked for. */
  query: Record<string, string>;
  categories: string[];
  suppliers: { id: string; name: string }[];
}

const ENDPOINT = "/api/v1/inventory/items";
const AFFECTS = ["/api/v1/inventory/"];

const CHIP: Record<StockStatus, string> = {
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  low: "bg-amber-50 text-amber-800 ring-amber-200",
  out: "bg-red-50 text-red-700 ring-red-200",
};

function Chip({ status }: { status: StockStatus }) {
  return (
    <span
      class={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        CHIP[status]
      }`}
      data-status={status}
    >
      {STOCK_STATUS_LABELS[status]}
    </span>
  );
}

function pageHref(query: Record<string, string>): string {
  const key = cacheKey("/inventory", query);
  return key;
}

const CONTROL =
  "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

const COLUMNS: { key: string; label: string; class?: string }[] = [
  { key: "name", label: "Item" },
  { key: "category", label: "Category" },
  { key: "onHand", label: "On hand", class: "text-right" },
  { key: "threshold", label: "Threshold", class: "text-right" },
  { key: "status", label: "Status" },
];

function coverText(item: ItemJson): string {
  const days = item.cover?.daysAtBookedRate ?? item.cover?.daysAtRecentRate;
  return days === null || days === undefined ? "—" : `${days} d`;
}

export default function InventoryList(
  { initial, query, categories, suppliers }: InventoryListProps,
) {
  const [params, setParams] = useState(query);
  const [page, setPage] = useState(initial);
  const [loading, setLoading] = useState(false);
  const key = cacheKey(ENDPOINT, params);

  useEffect(() => {
    const cache = sharedCache();
    cache.prime(cacheKey(ENDPOINT, query), initial);
    return invalidateOnLive(cache, subscribeLive, ["inventory.changed"], AFFECTS);
  }, []);

  useEffect(() => {
    const cache = sharedCache();
    const unsubscribe = cache.subscribe(key, (value) => setPage(value as InventoryListPage));
    setLoading(true);
    cache.get(key).then((value) => setPage(value as InventoryListPage))
      .catch(() => {})
      .finally(() => setLoading(false));
    history.replaceState(null, "", pageHref(params));
    return unsubscribe;
  }, [key]);

  const update = (changes: Record<string, string>) => {
    const next = { ...params, ...changes };
    if (!("page" in changes)) delete next.page;
    for (const name of Object.keys(next)) if (!next[name]) delete next[name];
    setParams(next);
  };
  const sortBy = (column: string) => {
    const same = (params.sort ?? "name") === column;
    return { sort: column, dir: same && params.dir !== "desc" ? "desc" : "asc" };
  };
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const first = page.total ? (page.page - 1) * page.pageSize + 1 : 0;
  const last = Math.min(page.page * page.pageSize, page.total);

  return (
    <div data-inventory-list aria-busy={loading ? "true" : "false"}>
      <form
        method="get"
        action="/inventory"
        role="search"
        class="grid gap-2 border-b border-slate-100 p-4 sm:grid-cols-[1fr_auto_auto_auto] sm:px-5"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          update({ q: String(form.get("q") ?? "") });
        }}
      >
        <label for="inventory-search" class="sr-only">Search items</label>
        <input
          id="inventory-search"
          name="q"
          type="search"
          value={params.q ?? ""}
          placeholder="Name, SKU or barcode"
          class={CONTROL}
          onInput={(event) => {
            const q = event.currentTarget.value;
            if (q === "" || q.length >= 2) update({ q });
          }}
        />
        <label class="sr-only" for="inventory-category">Category</label>
        <select
          id="inventory-category"
          name="category"
          class={CONTROL}
          value={params.category ?? ""}
          onChange={(event) => update({ category: event.currentTarget.value })}
        >
          <option value="">All categories</option>
          {categories.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <label class="sr-only" for="inventory-supplier">Supplier</label>
        <select
          id="inventory-supplier"
          name="supplierId"
          class={CONTROL}
          value={params.supplierId ?? ""}
          onChange={(event) => update({ supplierId: event.currentTarget.value })}
        >
          <option value="">All suppliers</option>
          {suppliers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
        <label class="inline-flex items-center gap-2 whitespace-nowrap px-1 text-sm text-slate-700">
          <input
            type="checkbox"
            name="low"
            value="1"
            checked={params.low === "1"}
            class="h-4 w-4 rounded border-slate-300 text-brand-600"
            onChange={(event) => update({ low: event.currentTarget.checked ? "1" : "" })}
          />
          Low stock only
        </label>
        <noscript>
          <button type="submit" class="rounded-lg bg-brand-600 px-4 py-2 text-sm text-white">
            Filter
          </button>
        </noscript>
      </form>

      {page.items.length === 0
        ? (
          <p class="px-5 py-12 text-center text-sm text-slate-500" data-inventory-empty>
            {Object.keys(params).some((k) => ["q", "category", "supplierId", "low"].includes(k))
              ? "No item matches these filters."
              : "No items yet. Add the clinic's first consumable."}
          </p>
        )
        : (
          <div class="overflow-x-auto">
            <table class="min-w-full text-sm" data-inventory-table>
              <thead>
                <tr class="border-b border-slate-100 text-left text-xs uppercase tracking-wide text-slate-500">
                  {COLUMNS.map((column) => {
                    const active = (params.sort ?? "name") === column.key;
                    const next = sortBy(column.key);
                    return (
                      <th
                        key={column.key}
                        scope="col"
                        class={`px-4 py-3 font-medium sm:px-5 ${column.class ?? ""} ${
                          column.key === "category" || column.key === "threshold"
                            ? "hidden md:table-cell"
                            : ""
                        }`}
                        aria-sort={active
                          ? (params.dir === "desc" ? "descending" : "ascending")
                          : undefined}
                      >
                        <a
                          href={pageHref({ ...params, ...next })}
                          class={`hover:text-slate-900 ${active ? "text-slate-900" : ""}`}
                          onClick={(event) => {
                            event.preventDefault();
                            update(next);
                          }}
                        >
                          {column.label}
                          {active ? (params.dir === "desc" ? " ↓" : " ↑") : ""}
                        </a>
                      </th>
                    );
                  })}
                  <th scope="col" class="hidden px-5 py-3 text-right font-medium lg:table-cell">
                    Cover
                  </th>
                </tr>
              </thead>
              <tbody class="divide-y divide-slate-100">
                {page.items.map((item) => (
                  <tr key={item.id} class="relative hover:bg-slate-50" data-item-row={item.name}>
                    <td class="px-4 py-3 sm:px-5">
                      <a
                        href={`/inventory/items/${item.id}`}
                        class="font-medium text-slate-900 after:absolute after:inset-0 focus:outline-none"
                      >
                        {item.name}
                      </a>
                      <p class="mt-0.5 text-xs text-slate-500">
                        {[item.sku, item.supplierName].filter(Boolean).join(" · ") || "\u00a0"}
                        {item.cover?.atRisk && (
                          <span class="ml-2 font-medium text-red-700">
                            Runs out before delivery
                          </span>
                        )}
                      </p>
                    </td>
                    <td class="hidden px-5 py-3 text-slate-700 md:table-cell">{item.category}</td>
                    <td
                      class="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-900 sm:px-5"
                      data-on-hand
                    >
                      {quantityText(item.onHand, item.unit)}
                    </td>
                    <td class="hidden whitespace-nowrap px-5 py-3 text-right tabular-nums text-slate-600 md:table-cell">
                      {item.reorderThreshold}
                    </td>
                    <td class="px-4 py-3 sm:px-5">
                      <Chip status={item.status} />
                    </td>
                    <td class="hidden whitespace-nowrap px-5 py-3 text-right tabular-nums text-slate-600 lg:table-cell">
                      {coverText(item)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <nav
        aria-label="Pages"
        class="flex items-center justify-between gap-4 border-t border-slate-100 px-4 py-3 sm:px-5"
      >
        <p class="text-sm text-slate-500">
          {first}–{last} of {page.total}
          <span class="ml-3 hidden gap-1.5 sm:inline-flex" aria-hidden="true">
            <Chip status="ok" />
            <Chip status="low" />
            <Chip status="out" />
          </span>
        </p>
        <div class="flex gap-2">
          {(["prev", "next"] as const).map((dir) => {
            const target = dir === "prev" ? page.page - 1 : page.page + 1;
            const enabled = target >= 1 && target <= pages;
            return (
              <a
                key={dir}
                // A page that does not exist gets no address at all, not one that would answer 400.
                href={enabled ? pageHref({ ...params, page: String(target) }) : undefined}
                rel={dir}
                aria-disabled={enabled ? undefined : "true"}
                class={`inline-flex h-9 items-center rounded-lg bg-white px-3 text-sm font-semibold text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 ${
                  enabled ? "" : "pointer-events-none opacity-50"
                }`}
                onClick={(event) => {
                  event.preventDefault();
                  if (enabled) update({ page: String(target) });
                }}
              >
                {dir === "prev" ? "Previous" : "Next"}
              </a>
            );
          })}
        </div>
      </nav>
    </div>
  );
}
