/**
 * Billing pages: the invoice list with its filters and totals, the new-invoice form and a
 * draft's edit form (neither emails the patient).
 */
import { type Context, Hono } from "hono";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, type FormValues, submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import {
  getInvoiceDetail,
  listInvoices,
  parseInvoiceFilter,
  patientBilling,
} from "../lib/finance/queries.ts";
import { invoiceFormOptions } from "../lib/finance/form-options.ts";
import { draftFormValues, invoiceFormSchema } from "../lib/finance/invoice-form.ts";
import { createInvoice, updateDraftInvoice } from "../lib/finance/invoices.ts";
import { invoiceNumberText } from "../lib/finance/totals.ts";
import { getFinanceSettings } from "../lib/finance/settings.ts";
import { clinicToday } from "../lib/finance/documents.ts";
import { InvoiceListPage } from "../components/finance/InvoiceListPage.tsx";
import { NewInvoicePage } from "../components/finance/NewInvoicePage.tsx";
import { PatientBillingTab } from "../components/finance/PatientBillingTab.tsx";
import type { Access } from "../lib/permissions/access.ts";
import type { Db } from "../lib/db/client.ts";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const head = (title: string) => ({ title, current: "/billing" });

async function renderNewInvoice(
  c: PageContext,
  patientId: string | undefined,
  values: FormValues = {},
  problem?: FormProblem,
) {
  const { db } = c.var.deps;
  const timeZone = c.var.me.clinic?.timeZone ?? "Asia/Karachi";
  return c.render(
    <NewInvoicePage
      options={await invoiceFormOptions(db, c.var.clinicId, patientId, timeZone)}
      settings={await getFinanceSettings(db, c.var.clinicId)}
      values={values}
      problem={problem}
    />,
    head("New invoice"),
  );
}

/**
 * A draft's edit form, from what was saved or from the values just refused. Anything but a
 * draft goes back to its page, which says why it cannot change.
 */
async function renderDraftEdit(c: PageContext, values?: FormValues, problem?: FormProblem) {
  const { db } = c.var.deps;
  const { invoice, lines } = await getInvoiceDetail(db, c.var.clinicId, c.req.param("id")!);
  const number = invoiceNumberText(invoice.number);
  if (invoice.status !== "draft") {
    return c.redirect(`/billing/invoices/${invoice.id}?notice=not-a-draft`, 303);
  }
  const timeZone = c.var.me.clinic?.timeZone ?? "Asia/Karachi";
  return c.render(
    <NewInvoicePage
      options={await invoiceFormOptions(db, c.var.clinicId, invoice.patientId, timeZone)}
      settings={await getFinanceSettings(db, c.var.clinicId)}
      values={values ?? draftFormValues(invoice, lines)}
      problem={problem}
      draft={{ id: invoice.id, number }}
    />,
    head(`Edit ${number}`),
  );
}

/** The patient record's Billing tab, rendered here so the patient pages need not know finance. */
export async function patientBillingTab(
  db: Db,
  clinicId: string,
  access: Access,
  patientId: string,
) {
  const today = await clinicToday(db, clinicId);
  return (
    <PatientBillingTab
      patientId={patientId}
      billing={await patientBilling(db, clinicId, patientId, today)}
      today={today}
      mayCreate={can(access, "finance.invoices.create")}
    />
  );
}

export const billingRoutes = new Hono<AppEnv>()
  .get("/billing", staffPage(PAGE_ACCESS.billing), async (c) => {
    const { db } = c.var.deps;
    const filter = parseInvoiceFilter(c.req.query());
    const today = await clinicToday(db, c.var.clinicId);
    const list = await listInvoices(db, c.var.clinicId, filter, today);
    const timeZone = c.var.me.clinic?.timeZone ?? "Asia/Karachi";
    const options = await invoiceFormOptions(db, c.var.clinicId, undefined, timeZone);
    return c.render(
      <InvoiceListPage
        rows={list.invoices}
        totals={list.totals}
        filter={filter}
        doctors={options.doctors}
        today={today}
        mayCreate={can(c.var.me.access, "finance.invoices.create")}
      />,
      head("Billing"),
    );
  })
  .get(
    "/billing/invoices/new",
    staffPage({ permission: "finance.invoices.create" }),
    (c) => renderNewInvoice(c, c.req.query("patient")),
  )
  .post(
    "/billing/invoices",
    staffPage({ permission: "finance.invoices.create" }),
    (c) =>
      submitForm(c, invoiceFormSchema, {
        onValid: async (input) => {
          const invoice = await createInvoice(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.me.user.id,
            input,
          });
          return c.redirect(`/billing/invoices/${invoice.id}?notice=created`, 303);
        },
        onProblem: (values, problem) => renderNewInvoice(c, values.patientId, values, problem),
      }),
  )
  .get(
    "/billing/invoices/:id/edit",
    staffPage({ permission: "finance.invoices.create" }),
    (c) => renderDraftEdit(c),
  )
  .post(
    "/billing/invoices/:id/edit",
    staffPage({ permission: "finance.invoices.create" }),
    (c) =>
      submitForm(c, invoiceFormSchema, {
        onValid: async (input) => {
          const invoice = await updateDraftInvoice(c.var.deps.db, {
            clinicId: c.var.clinicId,
            invoiceId: c.req.param("id"),
            actorId: c.var.me.user.id,
            input,
          });
          const notice = invoice.status === "issued" ? "issued" : "edited";
          return c.redirect(`/billing/invoices/${invoice.id}?notice=${notice}`, 303);
        },
        onProblem: (values, problem) => renderDraftEdit(c, values, problem),
      }),
  );
