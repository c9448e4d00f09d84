/**
 * Superadmin → Invoice Studio → one invoice: the page with its editor and preview, the draft's
 * save, send and void, payments, the PDF, and the email to the clinic owner.
 */
import { type Context, Hono } from "hono";
import { InvoicePage, type InvoicePageState } from "../components/platform-billing/InvoicePage.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { readFormValues, submitForm } from "../lib/http/form.ts";
import { draftForm, paymentForm, statusForm } from "../lib/platform-billing/forms.ts";
import {
  invoiceDetail,
  markSent,
  recordPayment,
  saveDraft,
  voidInvoice,
} from "../lib/platform-billing/invoices.ts";
import { getBillingProfile } from "../lib/platform-billing/branding.ts";
import { renderInvoicePdf } from "../lib/platform-billing/invoice-pdf.ts";
import { emailInvoiceToOwner } from "../lib/platform-billing/invoice-email.ts";
import { platformToday } from "../lib/platform-billing/periods.ts";
import { formProblem, isFormUserError } from "../lib/http/form.ts";
import { staffPage } from "./_page.tsx";
import { INVOICE_STUDIO } from "./admin-invoices.tsx";

const superadmin = staffPage({ superadmin: true });
type StudioContext = Context<AppEnv & StaffPageScope>;

async function renderInvoice(c: StudioContext, state: InvoicePageState = {}) {
  const db = c.var.deps.db;
  const [detail, profile] = await Promise.all([
    invoiceDetail(db, c.req.param("id")!),
    getBillingProfile(db),
  ]);
  return c.render(
    <InvoicePage
      detail={detail}
      profile={profile}
      logoVersion={String(profile.updatedAt.getTime())}
      today={platformToday(new Date())}
      notice={c.req.query("notice")}
      state={state}
    />,
    { title: detail.invoice.number, current: INVOICE_STUDIO },
  );
}

const back = (c: StudioContext, notice: string) =>
  c.redirect(`${INVOICE_STUDIO}/${c.req.param("id")}?notice=${notice}`, 303);

export const adminInvoiceDetailRoutes = new Hono<AppEnv>()
  .get(`${INVOICE_STUDIO}/:id`, superadmin, (c) => renderInvoice(c))
  .post(`${INVOICE_STUDIO}/:id`, superadmin, (c) =>
    submitForm(c, draftForm, {
      onValid: async (input) => {
        await saveDraft(c.var.deps.db, {
          ...input,
          id: c.req.param("id"),
          actorId: c.var.principal.userId,
        });
        return back(c, "saved");
      },
      onProblem: (values, problem) => renderInvoice(c, { editor: { values, problem } }),
    }))
  .post(`${INVOICE_STUDIO}/:id/status`, superadmin, (c) =>
    submitForm(c, statusForm, {
      onValid: async ({ action, reason }) => {
        const input = { id: c.req.param("id"), actorId: c.var.principal.userId, now: new Date() };
        if (action === "send") {
          await markSent(c.var.deps.db, input);
          return back(c, "sent");
        }
        await voidInvoice(c.var.deps.db, { ...input, reason });
        return c.redirect(`${INVOICE_STUDIO}?notice=voided`, 303);
      },
      onProblem: (_values, problem) => renderInvoice(c, { action: problem }),
    }))
  .post(`${INVOICE_STUDIO}/:id/payments`, superadmin, (c) =>
    submitForm(c, paymentForm, {
      onValid: async (input) => {
        await recordPayment(c.var.deps.db, {
          ...input,
          amountMinor: input.amount,
          id: c.req.param("id"),
          actorId: c.var.principal.userId,
          now: new Date(),
        });
        return back(c, "payment");
      },
      onProblem: (values, problem) => renderInvoice(c, { payment: { values, problem } }),
    }))
  .post(`${INVOICE_STUDIO}/:id/email`, superadmin, async (c) => {
    await readFormValues(c);
    try {
      await emailInvoiceToOwner(c.var.deps, {
        id: c.req.param("id"),
        actorId: c.var.principal.userId,
        now: new Date(),
      });
    } catch (error) {
      if (!isFormUserError(error)) throw error;
      c.status(error.status);
      return await renderInvoice(c, { action: formProblem(error) });
    }
    return back(c, "emailed");
  })
  .get(`${INVOICE_STUDIO}/:id/pdf`, superadmin, async (c) => {
    const { bytes, detail } = await renderInvoicePdf(c.var.deps, c.req.param("id"));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${detail.invoice.number}.pdf"`,
      "cache-control": "no-store",
    });
  });
