/** Settings → Clinic logo: the current logo, an upload form and removal. */
import { SettingsBackLink } from "../settings/BackLink.tsx";
import { Button, Card, Notice, PageHeader } from "../ui/mod.ts";
import { clinicLogoPath } from "../../lib/clinic-branding/logo-url.ts";

export function LogoSettingsPage(
  { clinicName, logoFileId, canEdit, maxKb, notice, error }: {
    clinicName: string;
    logoFileId: string | null;
    canEdit: boolean;
    maxKb: number;
    notice?: string;
    error?: string;
  },
) {
  return (
    <>
      <SettingsBackLink />
      <PageHeader
        title="Clinic logo"
        subtitle="Shown in the menu, on emails to patients and staff, and on printed plans, invoices and receipts."
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      <Card>
        <div class="flex flex-col gap-6 p-5 sm:flex-row sm:items-center">
          <div class="grid h-28 w-28 shrink-0 place-items-center rounded-xl bg-slate-50 ring-1 ring-slate-200">
            {logoFileId
              ? (
                <img
                  src={clinicLogoPath(logoFileId)}
                  alt={`${clinicName} logo`}
                  class="max-h-24 max-w-24 object-contain"
                />
              )
              : <span class="px-2 text-center text-xs text-slate-500">No logo yet</span>}
          </div>
          {canEdit
            ? (
              <div class="flex-1 space-y-4">
                <form
                  method="post"
                  action="/settings/logo"
                  enctype="multipart/form-data"
                  class="space-y-3"
                >
                  <label for="logo-file" class="block text-sm font-medium text-slate-700">
                    {logoFileId ? "Replace the logo" : "Upload a logo"}
                  </label>
                  <input
                    id="logo-file"
                    name="logo"
                    type="file"
                    accept="image/png,image/jpeg,image/svg+xml"
                    required
                    aria-describedby="logo-hint"
                    class="block w-full text-sm text-slate-700 file:mr-3 file:rounded-lg file:border-0 file:bg-brand-50 file:px-3 file:py-2 file:text-sm file:font-semibold file:text-brand-800 hover:file:bg-brand-100"
                  />
                  <p id="logo-hint" class="text-xs text-slate-500">
                    PNG, JPEG or SVG, up to {maxKb} KB. Printed PDFs use PNG or JPEG logos.
                  </p>
                  <Button type="submit">Upload</Button>
                </form>
                {logoFileId && (
                  <form method="post" action="/settings/logo/remove">
                    <Button type="submit" variant="danger" size="sm">Remove logo</Button>
                  </form>
                )}
              </div>
            )
            : (
              <p class="text-sm text-slate-500">
                Only members who edit the clinic profile can change it.
              </p>
            )}
        </div>
      </Card>
    </>
  );
}
