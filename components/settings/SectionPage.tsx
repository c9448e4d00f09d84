/**
 * A settings section's page: its form, read-only for a member who may read
 * but not change it ("Receptionist Improvements"), and re-shown with the
 * values typed and each field's error when a save is refused.
 */
import type { ComponentChildren } from "preact";
import { MODULE_LABELS } from "../../lib/permissions/access.ts";
import type { SectionKey } from "../../lib/settings/sections.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import { Button, Card, Input, Notice, PageHeader, Textarea } from "../ui/mod.ts";
import { SettingsBackLink } from "./BackLink.tsx";
import { SECTION_PAGES, type SectionField } from "./section-fields.ts";

function FieldRow({ field, value, readOnly, error, modules }: {
  field: SectionField;
  value: unknown;
  readOnly: boolean;
  error?: string;
  modules: ReadonlySet<string>;
}) {
  const id = `field-${field.key}`;
  const missingModule = field.module && !modules.has(field.module)
    ? `Takes effect when the clinic has the ${MODULE_LABELS.get(field.module)} module.`
    : null;
  const hint = (
    <>
      <p id={`${id}-hint`} class="mt-1 text-sm text-slate-500">{field.hint}</p>
      {missingModule && <p class="mt-1 text-xs text-amber-700">{missingModule}</p>}
      {error && <p class="mt-1 text-sm text-red-700">{error}</p>}
    </>
  );
  if (field.kind === "checkbox") {
    return (
      <div class="flex items-start gap-3 px-5 py-4">
        <input
          id={id}
          type="checkbox"
          name={field.key}
          checked={value === true}
          disabled={readOnly}
          aria-describedby={`${id}-hint`}
          class="mt-0.5 h-5 w-5 shrink-0 accent-brand-600 disabled:cursor-not-allowed"
        />
        <div class="min-w-0">
          <label for={id} class="text-sm font-medium text-slate-900">{field.label}</label>
          {hint}
        </div>
      </div>
    );
  }
  return (
    <div class="px-5 py-4">
      <label for={id} class="block text-sm font-medium text-slate-900">{field.label}</label>
      <div class="mt-1.5">
        {field.kind === "color"
          ? (
            <div class="flex items-center gap-3">
              <input
                id={id}
                type="color"
                name={field.key}
                value={String(value ?? "")}
                disabled={readOnly}
                aria-describedby={`${id}-hint`}
                class="h-11 w-16 cursor-pointer rounded-md border border-slate-300 bg-white p-1 disabled:cursor-not-allowed"
              />
              <span class="font-mono text-sm text-slate-600" data-colour-value>
                {String(value ?? "")}
              </span>
            </div>
          )
          : field.kind === "number"
          ? (
            <div class="flex items-center gap-2">
              <div class="w-28">
                <Input
                  id={id}
                  type="number"
                  name={field.key}
                  value={String(value ?? "")}
                  min={field.min}
                  max={field.max}
                  step={1}
                  required
                  disabled={readOnly}
                  invalid={!!error}
                  aria-describedby={`${id}-hint`}
                />
              </div>
              <span class="text-sm text-slate-500">{field.suffix}</span>
            </div>
          )
          : (
            <div class="max-w-2xl">
              <Textarea
                id={id}
                name={field.key}
                rows={4}
                maxLength={field.maxLength}
                disabled={readOnly}
                invalid={!!error}
                aria-describedby={`${id}-hint`}
              >
                {String(value ?? "")}
              </Textarea>
            </div>
          )}
      </div>
      {hint}
    </div>
  );
}

export function SectionPage({
  section,
  values,
  errors,
  readOnly,
  modules,
  updatedAt,
  timeZone,
  saved,
  before,
}: {
  section: SectionKey;
  values: Record<string, unknown>;
  /** Field → message of a refused save; present only then. */
  errors?: Record<string, string>;
  readOnly: boolean;
  modules: ReadonlySet<string>;
  updatedAt: Date | null;
  timeZone: string;
  saved: boolean;
  /** What the section's own module adds above its form (Settings → Lab's labs). */
  before?: ComponentChildren;
}) {
  const spec = SECTION_PAGES[section];
  return (
    <>
      <SettingsBackLink />
      <PageHeader title={spec.title} subtitle={spec.description} />
      {saved && !errors && <Notice tone="success">{spec.title} saved.</Notice>}
      {errors && (
        <Notice tone="error">
          Nothing was saved: correct the highlighted fields and try again.
        </Notice>
      )}
      {readOnly && <Notice tone="info">You can view but not change these settings.</Notice>}
      {before}
      <form method="post" action={`/settings/${section}`} class="space-y-6">
        {spec.groups.map((group) => (
          <Card key={group.title} title={group.title}>
            <div class="divide-y divide-slate-100">
              {group.fields.map((field) => (
                <FieldRow
                  key={field.key}
                  field={field}
                  value={values[field.key]}
                  readOnly={readOnly}
                  error={errors?.[field.key]}
                  modules={modules}
                />
              ))}
            </div>
          </Card>
        ))}
        <div class="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p class="text-sm text-slate-500">
            {updatedAt
              ? `Last changed ${formatDateTime(updatedAt, timeZone)}`
              : "These are the defaults; nobody has changed them yet."}
          </p>
          {!readOnly && <Button>Save changes</Button>}
        </div>
      </form>
    </>
  );
}
