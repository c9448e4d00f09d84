/**
 * One invoice's page and its form actions: the PDF, email it, issue a draft, void it with a
 * reason. Payments are recorded by the page's ledger island through the JSON API.
 */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { isFormUserError, submitForm } from "../lib/http/form.ts";
import { voidSchema } from "../lib/finance/schemas.ts";
import { can } from "../lib/permissions/access.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { getInvoiceDetail } from "../lib/finance/queries.ts";
import { issueInvoice, voidInvoice } from "../lib/finance/invoices.ts";
import { sendInvoice } from "../lib/finance/sending.ts";
import { clinicToday, invoicePdfFile } from "../lib/finance/documents.ts";
import { brandingSources } from "../lib/clinic-branding/letterhead.ts";
import { invoiceDetailJson } from "../lib/finance/json.ts";
import { invoiceNumberText } from "../lib/finance/totals.ts";
import { InvoiceDetailPage } from "../components/finance/InvoiceDetailPage.tsx";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

async function renderInvoice(c: PageContext, problem?: string) {
  const { db } = c.var.deps;
  const access = c.var.me.access;
  const detail = await getInvoiceDetail(db, c.var.clinicId, c.req.param("id")!);
  return c.render(
    <InvoiceDetailPage
      detail={detail}
      ledger={invoiceDetailJson(detail)}
      today={await clinicToday(db, c.var.clinicId)}
      timeZone={c.var.me.clinic?.timeZone ?? "Asia/Karachi"}
      may={{
        record: can(access, "finance.payments.record"),
        refund: can(access, "finance.payments.refund"),
        resend: can(access, "finance.receipts.send"),
        send: can(access, "finance.invoices.send"),
        void: can(access, "finance.invoices.void"),
        issue: can(access, "finance.invoices.create"),
      }}
      notice={c.req.query("notice")}
      problem={problem}
    />,
    { title: `Invoice ${invoiceNumberText(detail.invoice.number)}`, current: "/billing" },
  );
}

/** Runs a form action; a refusal the user can act on re-renders the page with its message. */
async function act(c: PageContext, action: () => Promise<unknown>, notice: string) {
  try {
    await action();
  } catch (error) {
    if (!isFormUserError(error)) throw error;
    c.status(error.status);
    return renderInvoice(c, error.message);
  }
  return c.redirect(`/billing/invoices/${c.req.param("id")}?notice=${notice}`, 303);
}

export const billingInvoiceRoutes = new Hono<AppEnv>()
  .get("/billing/invoices/:id", staffPage(PAGE_ACCESS.billing), (c) => renderInvoice(c))
  .get("/billing/invoices/:id/pdf", staffPage(PAGE_ACCESS.billing), async (c) => {
    const file = await invoicePdfFile(c.var.deps, c.var.clinicId, c.req.param("id"));
    return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="${file.filename}"`,
        "cache-control": "private, no-store",
      },
    });
  })
  .post(
    "/billing/invoices/:id/send",
    staffPage({ permission: "finance.invoices.send" }),
    (c) =>
      act(c, () =>
        sendInvoice(c.var.deps.db, {
          clinicId: c.var.clinicId,
          invoiceId: c.req.param("id"),
          actorId: c.var.me.user.id,
          branding: brandingSources(c.var.deps),
        }), "sent"),
  )
  .post(
    "/billing/invoices/:id/issue",
    staffPage({ permission: "finance.invoices.create" }),
    (c) =>
      act(c, () =>
        issueInvoice(c.var.deps.db, {
          clinicId: c.var.clinicId,
          invoiceId: c.req.param("id"),
          actorId: c.var.me.user.id,
        }), "issued"),
  )
  .post(
    "/billing/invoices/:id/void",
    staffPage({ permission: "finance.invoices.void" }),
    (c) =>
      submitForm(c, voidSchema, {
        onValid: async ({ reason }) => {
          await voidInvoice(c.var.deps.db, {
            clinicId: c.var.clinicId,
            invoiceId: c.req.param("id"),
            actorId: c.var.me.user.id,
            reason,
          });
          return c.redirect(`/billing/invoices/${c.req.param("id")}?notice=voided`, 303);
        },
        onProblem: (_values, problem) => renderInvoice(c, problem.message),
      }),
  );
