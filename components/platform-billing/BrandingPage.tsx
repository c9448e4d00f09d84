/**
 * Invoice Studio → Branding: the platform's legal name, address, NTN and billing email, and
 * its logo. A PNG logo serves pages and PDFs; an SVG logo serves pages, with a PNG beside it
 * for PDFs (pdf-lib draws raster images only). Without one, PDFs print the OdontoX mark.
 */
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import type { BillingProfile } from "../../lib/platform-billing/branding.ts";
import { BackLink } from "../admin/BackLink.tsx";
import { Button, Card, Field, Input, Notice, PageHeader, Textarea } from "../ui/mod.ts";
import { PDF_LOGO_URL } from "./InvoiceSheet.tsx";

export const DISPLAY_LOGO_URL = "/admin/invoices/branding/logo";

function LogoTile(
  { title, src, caption }: { title: string; src: string | null; caption: string },
) {
  return (
    <figure class="rounded-lg border border-slate-200 p-4">
      <figcaption class="text-xs font-medium uppercase tracking-wide text-slate-500">
        {title}
      </figcaption>
      <div class="mt-3 grid h-20 place-items-center rounded-md bg-slate-50">
        {src
          ? <img src={src} alt={title} class="max-h-16 max-w-full object-contain" />
          : <span class="text-sm text-slate-500">None uploaded</span>}
      </div>
      <p class="mt-2 text-xs text-slate-500">{caption}</p>
    </figure>
  );
}

export function BrandingPage(
  { profile, notice, values, problem }: {
    profile: BillingProfile;
    notice?: string;
    values?: FormValues;
    problem?: FormProblem;
  },
) {
  const v = values ?? {
    legalName: profile.legalName,
    address: profile.address,
    ntn: profile.ntn,
    billingEmail: profile.billingEmail,
  };
  const fields = problem?.fields ?? {};
  const version = encodeURIComponent(profile.updatedAt.getTime().toString());
  const svgWithoutPng = profile.logoContentType === "image/svg+xml" && !profile.pdfLogoObjectKey;
  return (
    <>
      <BackLink href="/admin/invoices" label="Invoice Studio" />
      <PageHeader
        title="Invoice branding"
        subtitle="What every platform invoice says about OdontoX as the seller."
      />
      {notice === "saved" && <Notice tone="success">Branding saved; new PDFs use it.</Notice>}
      {problem && <Notice tone="error">{problem.message}</Notice>}
      {svgWithoutPng && (
        <Notice tone="info">
          The logo is an SVG, which PDFs cannot draw: upload a PNG version for PDFs. Until then they
          print the OdontoX mark.
        </Notice>
      )}
      <div class="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <form
            method="post"
            action="/admin/invoices/branding"
            enctype="multipart/form-data"
            class="space-y-5 p-5"
            data-branding-form
          >
            <Field id="brand-legal" name="legalName" label="Legal name" error={fields.legalName}>
              <Input
                id="brand-legal"
                name="legalName"
                value={v.legalName ?? ""}
                required
                maxLength={200}
                invalid={!!fields.legalName}
              />
            </Field>
            <Field
              id="brand-address"
              name="address"
              label="Address"
              optional
              error={fields.address}
            >
              <Textarea id="brand-address" name="address" rows={3} maxLength={500}>
                {v.address ?? ""}
              </Textarea>
            </Field>
            <div class="grid gap-4 sm:grid-cols-2">
              <Field
                id="brand-ntn"
                name="ntn"
                label="NTN"
                optional
                hint="National Tax Number, printed under the address."
                error={fields.ntn}
              >
                <Input
                  id="brand-ntn"
                  name="ntn"
                  value={v.ntn ?? ""}
                  maxLength={40}
                  invalid={!!fields.ntn}
                />
              </Field>
              <Field
                id="brand-email"
                name="billingEmail"
                label="Billing email"
                optional
                error={fields.billingEmail}
              >
                <Input
                  id="brand-email"
                  type="email"
                  name="billingEmail"
                  value={v.billingEmail ?? ""}
                  invalid={!!fields.billingEmail}
                />
              </Field>
            </div>
            <div class="grid gap-4 border-t border-slate-100 pt-5 sm:grid-cols-2">
              <Field
                id="brand-logo"
                name="logo"
                label="Logo"
                optional
                hint="PNG or SVG, up to 1 MB (SVG 256 KB). A PNG is also used on PDFs."
                error={fields.logo}
              >
                <input
                  id="brand-logo"
                  type="file"
                  name="logo"
                  accept="image/png,image/svg+xml"
                  class="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800"
                />
              </Field>
              <Field
                id="brand-pdf-logo"
                name="pdfLogo"
                label="PNG for PDFs"
                optional
                hint="Only needed when the logo is an SVG."
                error={fields.pdfLogo}
              >
                <input
                  id="brand-pdf-logo"
                  type="file"
                  name="pdfLogo"
                  accept="image/png"
                  class="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800"
                />
              </Field>
            </div>
            <div class="flex justify-end border-t border-slate-100 pt-5">
              <Button type="submit">Save branding</Button>
            </div>
          </form>
        </Card>
        <div class="space-y-4">
          <LogoTile
            title="Logo on pages"
            src={profile.logoObjectKey ? `${DISPLAY_LOGO_URL}?v=${version}` : null}
            caption={profile.logoContentType === "image/svg+xml"
              ? "SVG"
              : profile.logoObjectKey
              ? "PNG, also drawn on PDFs"
              : "Upload a logo to replace the OdontoX mark"}
          />
          <LogoTile
            title="Logo on PDFs"
            src={`${PDF_LOGO_URL}?v=${version}`}
            caption={profile.pdfLogoObjectKey ? "Uploaded PNG" : "The OdontoX mark (default)"}
          />
        </div>
      </div>
    </>
  );
}
