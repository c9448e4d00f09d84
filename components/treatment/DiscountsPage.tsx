/**
 * Settings → Discounts: the clinic's discount policies with their conditions and whether they
 * combine (otherwise the best single applicable policy wins), and the form to add or edit one.
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
import { formatPkr, rupeesText } from "../../lib/treatment/money.ts";
import { rateLabel } from "../../lib/treatment/pricing.ts";
import {
  CATEGORY_LABELS,
  SERVICE_CATEGORIES,
  type ServiceCategory,
  tagLabel,
} from "../../lib/treatment/categories.ts";
import type { DiscountPolicy } from "../../lib/treatment/policies.ts";
import type { ServiceFormState as FormState } from "./CatalogPage.tsx";

export function policyFormValues(p: DiscountPolicy): Record<string, string> {
  return {
    name: p.name,
    kind: p.kind,
    percent: p.percentBp !== null ? String(p.percentBp / 100) : "",
    amount: p.amountMinor !== null ? rupeesText(p.amountMinor) : "",
    minAge: p.minAge?.toString() ?? "",
    maxAge: p.maxAge?.toString() ?? "",
    minSubtotal: p.minSubtotalMinor !== null ? rupeesText(p.minSubtotalMinor) : "",
    patientTag: p.patientTag ? tagLabel(p.patientTag) : "",
    serviceCategory: p.serviceCategory ?? "",
    combinable: p.combinable ? "on" : "",
    active: p.active ? "on" : "",
  };
}

function conditions(p: DiscountPolicy): string[] {
  const list: string[] = [];
  if (p.minAge !== null) list.push(`age ${p.minAge}+`);
  if (p.maxAge !== null) list.push(`age up to ${p.maxAge}`);
  if (p.minSubtotalMinor !== null) list.push(`subtotal from ${formatPkr(p.minSubtotalMinor)}`);
  if (p.patientTag) list.push(`tagged ${tagLabel(p.patientTag)}`);
  if (p.serviceCategory) {
    list.push(
      `${CATEGORY_LABELS[p.serviceCategory as ServiceCategory] ?? p.serviceCategory} services`,
    );
  }
  return list.length ? list : ["every plan"];
}

export function PolicyFields({ state, submit }: { state: FormState; submit: string }) {
  const v = state.values;
  const e = state.errors;
  return (
    <div class="grid gap-4 p-5 sm:grid-cols-2">
      {state.message && (
        <p role="alert" class="text-sm text-red-700 sm:col-span-2">{state.message}</p>
      )}
      <Field id="pol-name" name="name" label="Name" error={e.name} class="sm:col-span-2">
        <Input
          id="pol-name"
          name="name"
          value={v.name ?? ""}
          invalid={!!e.name}
          maxLength={80}
          required
        />
      </Field>
      <Field id="pol-kind" label="Kind">
        <Select id="pol-kind" name="kind" value={v.kind ?? "percent"}>
          <option value="percent">Percentage</option>
          <option value="fixed">Fixed amount</option>
        </Select>
      </Field>
      <div class="grid grid-cols-2 gap-3">
        <Field id="pol-percent" name="percent" label="%" error={e.percent} hint="for a percentage">
          <Input
            id="pol-percent"
            name="percent"
            inputMode="decimal"
            value={v.percent ?? ""}
            invalid={!!e.percent}
          />
        </Field>
        <Field id="pol-amount" name="amount" label="PKR" error={e.amount} hint="for a fixed amount">
          <Input
            id="pol-amount"
            name="amount"
            inputMode="decimal"
            value={v.amount ?? ""}
            invalid={!!e.amount}
          />
        </Field>
      </div>
      <p class="text-sm font-semibold text-slate-900 sm:col-span-2">
        Applies when (leave blank to ignore)
      </p>
      <Field id="pol-min-age" name="minAge" label="Patient age at least" error={e.minAge}>
        <Input
          id="pol-min-age"
          name="minAge"
          inputMode="numeric"
          value={v.minAge ?? ""}
          invalid={!!e.minAge}
        />
      </Field>
      <Field id="pol-max-age" name="maxAge" label="Patient age at most" error={e.maxAge}>
        <Input
          id="pol-max-age"
          name="maxAge"
          inputMode="numeric"
          value={v.maxAge ?? ""}
          invalid={!!e.maxAge}
        />
      </Field>
      <Field
        id="pol-subtotal"
        name="minSubtotal"
        label="Plan subtotal at least (PKR)"
        error={e.minSubtotal}
      >
        <Input
          id="pol-subtotal"
          name="minSubtotal"
          inputMode="decimal"
          value={v.minSubtotal ?? ""}
          invalid={!!e.minSubtotal}
        />
      </Field>
      <Field
        id="pol-tag"
        name="patientTag"
        label="Patient tag"
        error={e.patientTag}
        hint="e.g. staff family, returning"
      >
        <Input id="pol-tag" name="patientTag" value={v.patientTag ?? ""} invalid={!!e.patientTag} />
      </Field>
      <Field
        id="pol-category"
        name="serviceCategory"
        label="Only services in"
        error={e.serviceCategory}
        class="sm:col-span-2"
      >
        <Select id="pol-category" name="serviceCategory" value={v.serviceCategory ?? ""}>
          <option value="">Any category</option>
          {SERVICE_CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
        </Select>
      </Field>
      <label class="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="combinable" checked={v.combinable === "on"} />{" "}
        May combine with other combinable policies
      </label>
      <label class="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          name="active"
          checked={v.active !== undefined ? v.active === "on" : true}
        />{" "}
        Active
      </label>
      <div class="sm:col-span-2">
        <Button type="submit">{submit}</Button>
      </div>
    </div>
  );
}

export function DiscountsPage(
  { policies, canManage, add, notice }: {
    policies: DiscountPolicy[];
    canManage: boolean;
    add?: FormState;
    notice?: string;
  },
) {
  return (
    <>
      <PageHeader
        title="Discounts"
        subtitle="Applied to plans automatically when their conditions hold; unless policies combine, the best single one wins"
      >
        <ButtonLink href="/settings/service-catalog" variant="secondary">
          Service catalog
        </ButtonLink>
      </PageHeader>
      {notice && <Notice tone="success">{notice}</Notice>}
      <div class="grid gap-6 xl:grid-cols-3">
        <Card class="xl:col-span-2">
          <ul class="divide-y divide-slate-100" data-policy-list>
            {policies.map((p) => (
              <li key={p.id} class="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
                <span class="min-w-0 flex-1">
                  <span class={`font-semibold ${p.active ? "text-slate-900" : "text-slate-400"}`}>
                    {p.name}
                  </span>
                  <span class="ml-2 text-slate-600">{rateLabel(p)}</span>
                  <span class="block text-xs text-slate-500">{conditions(p).join(" · ")}</span>
                </span>
                {p.combinable ? <Badge tone="indigo">combines</Badge> : <Badge>best single</Badge>}
                {!p.active && <Badge tone="amber">off</Badge>}
                {canManage && (
                  <a
                    href={`/settings/discounts/${p.id}`}
                    class="font-semibold text-brand-700 hover:underline"
                  >
                    Edit
                  </a>
                )}
              </li>
            ))}
            {policies.length === 0 && (
              <li class="px-5 py-8 text-center text-sm text-slate-500">
                No discount policies yet.
              </li>
            )}
          </ul>
        </Card>
        {canManage && (
          <Card title="Add a policy">
            <form method="post" action="/settings/discounts">
              <PolicyFields state={add ?? { values: {}, errors: {} }} submit="Add policy" />
            </form>
          </Card>
        )}
      </div>
    </>
  );
}
