/**
 * Finance API: invoices (list, create, read, edit a draft, issue, void, email), payments on an invoice
 * (overpayment → 400 `OVERPAYMENT`), refunds of a payment, and receipts (PDF, re-send).
 */
import { Hono } from "hono";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { requirePermission } from "../../../lib/permissions/route-policy.ts";
import {
  newInvoiceSchema,
  paymentSchema,
  refundSchema,
  voidSchema,
} from "../../../lib/finance/schemas.ts";
import {
  createInvoice,
  issueInvoice,
  updateDraftInvoice,
  voidInvoice,
} from "../../../lib/finance/invoices.ts";
import {
  getInvoiceDetail,
  listInvoices,
  parseInvoiceFilter,
} from "../../../lib/finance/queries.ts";
import { recordPayment, refundPayment } from "../../../lib/finance/payments.ts";
import { resendReceipt, sendInvoice } from "../../../lib/finance/sending.ts";
import { clinicToday, receiptPdfFile } from "../../../lib/finance/documents.ts";
import { brandingSources } from "../../../lib/clinic-branding/letterhead.ts";
import {
  invoiceDetailJson,
  invoiceJson,
  invoiceSummaryJson,
  paymentResultJson,
} from "../../../lib/finance/json.ts";

export const invoicesApi = new Hono<AppEnv & ClinicScope>()
  .get("/", requirePermission("finance.invoices.view"), async (c) => {
    const { deps, clinicId } = c.var;
    const list = await listInvoices(
      deps.db,
      clinicId,
      parseInvoiceFilter(c.req.query()),
      await clinicToday(deps.db, clinicId),
    );
    return c.json({ invoices: list.invoices.map(invoiceSummaryJson), totals: list.totals });
  })
  .post(
    "/",
    requirePermission("finance.invoices.create"),
    jsonBody(newInvoiceSchema),
    async (c) => {
      const invoice = await createInvoice(c.var.deps.db, {
        clinicId: c.var.clinicId,
        actorId: c.var.principal.userId,
        input: c.req.valid("json"),
      });
      return c.json({ invoice: invoiceJson(invoice) }, 201);
    },
  )
  .get("/:id", requirePermission("finance.invoices.view"), async (c) => {
    const detail = await getInvoiceDetail(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return c.json(invoiceDetailJson(detail));
  })
  .put(
    "/:id",
    requirePermission("finance.invoices.create"),
    jsonBody(newInvoiceSchema),
    async (c) => {
      const invoice = await updateDraftInvoice(c.var.deps.db, {
        clinicId: c.var.clinicId,
        invoiceId: c.req.param("id"),
        actorId: c.var.principal.userId,
        input: c.req.valid("json"),
      });
      return c.json({ invoice: invoiceJson(invoice) });
    },
  )
  .post("/:id/issue", requirePermission("finance.invoices.create"), async (c) => {
    const invoice = await issueInvoice(c.var.deps.db, {
      clinicId: c.var.clinicId,
      invoiceId: c.req.param("id"),
      actorId: c.var.principal.userId,
    });
    return c.json({ invoice: invoiceJson(invoice) });
  })
  .post(
    "/:id/void",
    requirePermission("finance.invoices.void"),
    jsonBody(voidSchema),
    async (c) => {
      const invoice = await voidInvoice(c.var.deps.db, {
        clinicId: c.var.clinicId,
        invoiceId: c.req.param("id"),
        actorId: c.var.principal.userId,
        reason: c.req.valid("json").reason,
      });
      return c.json({ invoice: invoiceJson(invoice) });
    },
  )
  .post("/:id/send", requirePermission("finance.invoices.send"), async (c) => {
    const sent = await sendInvoice(c.var.deps.db, {
      clinicId: c.var.clinicId,
      invoiceId: c.req.param("id"),
      actorId: c.var.principal.userId,
      branding: brandingSources(c.var.deps),
    });
    return c.json({ queued: sent.emailId !== null, to: sent.to }, 202);
  })
  .post(
    "/:id/payments",
    requirePermission("finance.payments.record"),
    jsonBody(paymentSchema),
    async (c) => {
      const result = await recordPayment(c.var.deps.db, {
        clinicId: c.var.clinicId,
        invoiceId: c.req.param("id"),
        actorId: c.var.principal.userId,
        input: c.req.valid("json"),
        branding: brandingSources(c.var.deps),
      });
      return c.json(paymentResultJson(result), result.replayed ? 200 : 201);
    },
  );

export const paymentsApi = new Hono<AppEnv & ClinicScope>()
  .post(
    "/:id/refunds",
    requirePermission("finance.payments.refund"),
    jsonBody(refundSchema),
    async (c) => {
      const { invoice, refund } = await refundPayment(c.var.deps.db, {
        clinicId: c.var.clinicId,
        paymentId: c.req.param("id"),
        actorId: c.var.principal.userId,
        input: c.req.valid("json"),
      });
      return c.json({
        invoice: invoiceJson(invoice),
        refund: { id: refund.id, amountMinor: refund.amountMinor, reason: refund.reason },
      }, 201);
    },
  );

export const receiptsApi = new Hono<AppEnv & ClinicScope>()
  .get("/:id/pdf", requirePermission("finance.receipts.view"), async (c) => {
    const file = await receiptPdfFile(c.var.deps, c.var.clinicId, c.req.param("id"));
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="${file.filename}"`,
        "cache-control": "private, no-store",
      },
    });
  })
  .post("/:id/send", requirePermission("finance.receipts.send"), async (c) => {
    const sent = await resendReceipt(c.var.deps.db, {
      clinicId: c.var.clinicId,
      receiptId: c.req.param("id"),
      actorId: c.var.principal.userId,
      branding: brandingSources(c.var.deps),
    });
    return c.json({ queued: sent.emailId !== null, to: sent.to }, 202);
  });
