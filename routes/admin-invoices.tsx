/**
 * Superadmin → Invoice Studio: the list of platform invoices with its filters, and the form
 * that starts a draft for a clinic and a period.
 */
import { type Context, Hono } from "hono";
import { InvoiceListPage } from "../components/platform-billing/InvoiceListPage.tsx";
import { NewInvoicePage } from "../components/platform-billing/NewInvoicePage.tsx";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { type FormProblem, type FormValues, submitForm } from "../lib/http/form.ts";
import { invoiceFilters, newInvoiceForm } from "../lib/platform-billing/forms.ts";
import {
  createInvoice,
  listClinicChoices,
  listInvoices,
} from "../lib/platform-billing/invoices.ts";
import { platformToday } from "../lib/platform-billing/periods.ts";
import { staffPage } from "./_page.tsx";

export const INVOICE_STUDIO = "/admin/invoices";
const superadmin = staffPage({ superadmin: true });

async function renderNew(
  c: Context<AppEnv & StaffPageScope>,
  values: FormValues,
  problem?: FormProblem,
) {
  const clinics = await listClinicChoices(c.var.deps.db);
  return c.render(<NewInvoicePage clinics={clinics} values={values} problem={problem} />, {
    title: "New invoice",
    current: INVOICE_STUDIO,
  });
}

export const adminInvoiceRoutes = new Hono<AppEnv>()
  .get(INVOICE_STUDIO, superadmin, async (c) => {
    const db = c.var.deps.db;
    const filter = invoiceFilters.parse(c.req.query());
    const [rows, clinics] = await Promise.all([listInvoices(db, filter), listClinicChoices(db)]);
    return c.render(
      <InvoiceListPage
        rows={rows}
        filter={filter}
        clinics={clinics}
        notice={c.req.query("notice")}
      />,
      { title: "Invoice Studio", current: INVOICE_STUDIO },
    );
  })
  .get(`${INVOICE_STUDIO}/new`, superadmin, (c) =>
    renderNew(c, {
      clinicId: c.req.query("clinicId") ?? "",
      month: platformToday(new Date()).slice(0, 7),
    }))
  .post(INVOICE_STUDIO, superadmin, (c) =>
    submitForm(c, newInvoiceForm, {
      onValid: async (input) => {
        const invoice = await createInvoice(c.var.deps.db, {
          ...input,
          actorId: c.var.principal.userId,
          now: new Date(),
        });
        return c.redirect(`${INVOICE_STUDIO}/${invoice.id}?notice=created`, 303);
      },
      onProblem: (values, problem) => renderNew(c, values, problem),
    }));
