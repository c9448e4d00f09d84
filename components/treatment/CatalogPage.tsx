/**
 * Settings → Service catalog: the clinic's services by category with search, add and edit for
 * members who manage prices, CSV export, and CSV import that reports bad rows by line number.
 */
import {
  Badge,
  Button,
  ButtonLink,
  Card,
  Field,
  Input,
  Notice,
  PageHeader,
  Select,
} from "../ui/mod.ts";
import { formatPkr } from "../../lib/treatment/money.ts";
import {
  CATEGORY_LABELS,
  SERVICE_CATEGORIES,
  type ServiceCategory,
} from "../../lib/treatment/categories.ts";
import type { Service } from "../../lib/treatment/catalog.ts";
import type { CsvProblem } from "../../lib/treatment/catalog-csv.ts";
import type { FormValues } from "../../lib/http/form.ts";

export interface ServiceFormState {
  values: Partial<FormValues>;
  errors: Record<string, string>;
  message?: string;
}

export function ServiceFields({ state, submit }: { state: ServiceFormState; submit: string }) {
  const v = state.values;
  const e = state.errors;
  return (
    <div class="grid gap-4 p-5 sm:grid-cols-2">
      {state.message && (
        <p role="alert" class="text-sm text-red-700 sm:col-span-2">{state.message}</p>
      )}
      <Field id="svc-code" name="code" label="Code" error={e.code}>
        <Input
          id="svc-code"
          name="code"
          value={v.code ?? ""}
          invalid={!!e.code}
          maxLength={20}
          required
        />
      </Field>
      <Field id="svc-name" name="name" label="Name" error={e.name}>
        <Input
          id="svc-name"
          name="name"
          value={v.name ?? ""}
          invalid={!!e.name}
          maxLength={120}
          required
        />
      </Field>
      <Field
        id="svc-category"
        name="category"
        label="Category"
        error={e.category}
      >
        <Select
          id="svc-category"
          name="category"
          value={v.category ?? "restorative"}
          invalid={!!e.category}
        >
          {SERVICE_CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
        </Select>
      </Field>
      <Field
        id="svc-price"
        name="price"
        label="Default price (PKR)"
        error={e.price}
      >
        <Input
          id="svc-price"
          name="price"
          inputMode="decimal"
          value={v.price ?? ""}
          invalid={!!e.price}
          required
        />
      </Field>
      <Field
        id="svc-duration"
        name="duration"
        label="Duration (minutes)"
        error={e.duration}
      >
        <Input
          id="svc-duration"
          name="duration"
          inputMode="numeric"
          value={v.duration ?? "30"}
          invalid={!!e.duration}
          required
        />
      </Field>
      <label class="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="perTooth" checked={v.perTooth === "on"} /> Charged per tooth
      </label>
      <label class="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="active"
          checked={v.active !== undefined ? v.active === "on" : true}
        />{" "}
        Active (offered on new plans)
      </label>
      <div class="sm:col-span-2">
        <Button type="submit">{submit}</Button>
      </div>
    </div>
  );
}

export function CatalogPage(
  { services, consumables, query, category, canManage, add, importResult, notice }: {
    services: Service[];
    /** Per service, what one unit takes from stock; absent for a reader without the inventory. */
    consumables?: ReadonlyMap<string, readonly string[]>;
    query: string;
    category: string;
    canManage: boolean;
    add?: ServiceFormState;
    importResult?: { message: string; problems: CsvProblem[] };
    notice?: string;
  },
) {
  const grouped = SERVICE_CATEGORIES.map((c) =>
    [c, services.filter((s) => s.category === c)] as const
  )
    .filter(([, list]) => list.length > 0);
  return (
    <>
      <PageHeader
        title="Service catalog"
        subtitle="What the clinic offers and its default prices, in PKR"
      >
        <div class="flex gap-2">
          <ButtonLink href="/settings/discounts" variant="secondary">Discounts</ButtonLink>
          <ButtonLink href="/settings/service-catalog.csv" variant="secondary" download>
            Export CSV
          </ButtonLink>
        </div>
      </PageHeader>
      {notice && <Notice tone="success">{notice}</Notice>}
      {importResult && (
        <div
          role="alert"
          class="mb-6 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-700 ring-1 ring-red-200"
          data-import-problems
        >
          <p class="font-semibold">{importResult.message}</p>
          {importResult.problems.length > 0 && (
            <ul class="mt-2 list-disc space-y-0.5 pl-5">
              {importResult.problems.map((p) => <li key={p.line}>Line {p.line}: {p.message}</li>)}
            </ul>
          )}
        </div>
      )}
      <div class="grid gap-6 xl:grid-cols-3">
        <Card class="xl:col-span-2">
          <form method="get" class="flex flex-wrap gap-3 border-b border-slate-100 p-4">
            <Input
              name="q"
              type="search"
              value={query}
              placeholder="Search name or code"
              aria-label="Search services"
              class="max-w-xs"
            />
            <Select name="category" value={category} aria-label="Category" class="max-w-[12rem]">
              <option value="">All categories</option>
              {SERVICE_CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}
              </option>)}
            </Select>
            <Button type="submit" variant="secondary">Filter</Button>
          </form>
          {grouped.length === 0 && (
            <p class="px-5 py-8 text-center text-sm text-slate-500">No services match.</p>
          )}
          {grouped.map(([c, list]) => (
            <section key={c}>
              <h2 class="bg-slate-50 px-5 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
                {CATEGORY_LABELS[c as ServiceCategory]}
              </h2>
              <ul class="divide-y divide-slate-100">
                {list.map((s) => (
                  <li
                    key={s.id}
                    class="flex items-center gap-3 px-5 py-2.5 text-sm"
                    data-service-row={s.code}
                  >
                    <span class="w-24 shrink-0 font-mono text-xs text-slate-500">{s.code}</span>
                    <span class="min-w-0 flex-1">
                      <span class={s.active ? "text-slate-900" : "text-slate-400 line-through"}>
                        {s.name}
                      </span>
                      {s.perTooth && <Badge class="ml-2">per tooth</Badge>}
                      {!s.active && <Badge tone="amber" class="ml-2">archived</Badge>}
                      {consumables?.has(s.id) && (
                        <span
                          class="block truncate text-xs text-slate-500"
                          data-service-consumables
                        >
                          Uses {consumables.get(s.id)!.join(", ")}
                        </span>
                      )}
                    </span>
                    <span class="hidden text-slate-500 sm:inline">
                      {s.defaultDurationMinutes} min
                    </span>
                    <span class="w-28 text-right font-medium tabular-nums">
                      {formatPkr(s.defaultPriceMinor)}
                    </span>
                    {canManage && (
                      <a
                        href={`/settings/service-catalog/${s.id}`}
                        class="text-sm font-semibold text-brand-700 hover:underline"
                      >
                        Edit
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </Card>
        {canManage && (
          <div class="space-y-6">
            <Card title="Add a service">
              <form method="post" action="/settings/service-catalog">
                <ServiceFields state={add ?? { values: {}, errors: {} }} submit="Add service" />
              </form>
            </Card>
            <Card title="Import CSV">
              <form
                method="post"
                action="/settings/service-catalog/import"
                enctype="multipart/form-data"
                class="space-y-3 p-5"
              >
                <p class="text-sm text-slate-600">
                  Columns:{" "}
                  <code class="text-xs">
                    code, name, category, price_pkr, duration_minutes, per_tooth, active
                  </code>. Existing codes are updated. If any row is wrong nothing is imported.
                </p>
                <input
                  type="file"
                  name="file"
                  accept=".csv,text/csv"
                  class="block w-full text-sm"
                  aria-label="CSV file"
                />
                <Button type="submit" variant="secondary">Import</Button>
              </form>
            </Card>
          </div>
        )}
      </div>
    </>
  );
}
