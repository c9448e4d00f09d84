/**
 * Superadmin → Invoice Studio → Branding: the billing details and the logo, and the two logo
 * images the pages show (the logo as uploaded, and the PNG that PDFs draw).
 */
import { type Context, Hono } from "hono";
import { BrandingPage } from "../components/platform-billing/BrandingPage.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, type FormValues, submitForm } from "../lib/http/form.ts";
import { brandingForm } from "../lib/platform-billing/forms.ts";
import {
  getBillingProfile,
  logoUploadsOf,
  pdfLogoBytes,
  readDisplayLogo,
  updateBillingProfile,
} from "../lib/platform-billing/branding.ts";
import { defaultLogoPng } from "../lib/platform-billing/default-logo.ts";
import { notFound } from "../lib/errors.ts";
import { staffPage } from "./_page.tsx";
import { INVOICE_STUDIO } from "./admin-invoices.tsx";

const BRANDING = `${INVOICE_STUDIO}/branding`;
const superadmin = staffPage({ superadmin: true });

async function renderBranding(
  c: Context<AppEnv & StaffPageScope>,
  form?: { values: FormValues; problem: FormProblem },
) {
  const profile = await getBillingProfile(c.var.deps.db);
  return c.render(
    <BrandingPage profile={profile} notice={c.req.query("notice")} {...form} />,
    { title: "Invoice branding", current: INVOICE_STUDIO },
  );
}

export const adminInvoiceBrandingRoutes = new Hono<AppEnv>()
  .get(BRANDING, superadmin, (c) => renderBranding(c))
  .post(BRANDING, superadmin, (c) =>
    submitForm(c, brandingForm, {
      onValid: async (details) => {
        const uploads = await logoUploadsOf(await c.req.formData());
        await updateBillingProfile(c.var.deps, {
          details,
          uploads,
          actorId: c.var.principal.userId,
        });
        return c.redirect(`${BRANDING}?notice=saved`, 303);
      },
      onProblem: (values, problem) => renderBranding(c, { values, problem }),
    }))
  .get(`${BRANDING}/logo`, superadmin, async (c) => {
    const logo = await readDisplayLogo(c.var.deps);
    if (!logo) throw notFound("No logo has been uploaded");
    return c.body(logo.body, 200, {
      "content-type": logo.contentType,
      etag: logo.etag,
      "cache-control": "private, max-age=3600",
      // The app's CSP allows no inline script, so an SVG opened on its own runs nothing.
      "x-content-type-options": "nosniff",
    });
  })
  .get(`${BRANDING}/pdf-logo`, superadmin, async (c) => {
    const png = await pdfLogoBytes(c.var.deps) ?? defaultLogoPng();
    return c.body(png as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "image/png",
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
    });
  });
