/**
 * Refunding a payment from its invoice page: a form with the amount (at most what is left to
 * refund) and a reason, calling the same lib function as POST /api/v1/payments/:id/refunds.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { refundPayment } from "../lib/finance/payments.ts";
import { getRefundablePayment, refundForm } from "../lib/finance/refund-page.ts";
import { RefundPage } from "../components/finance/RefundPage.tsx";
import { staffPage } from "./_page.tsx";

const guard = staffPage({ permission: "finance.payments.refund" });
const head = { title: "Refund a payment", current: "/billing" };

export const billingRefundRoutes = new Hono<AppEnv>()
  .get("/billing/payments/:id/refund", guard, async (c) => {
    const payment = await getRefundablePayment(c.var.deps.db, c.var.clinicId, c.req.param("id"));
    return c.render(<RefundPage payment={payment} values={{}} />, head);
  })
  .post("/billing/payments/:id/refund", guard, async (c) => {
    const { db } = c.var.deps;
    // Another clinic's or a missing payment is a 404 before the form is read.
    const payment = await getRefundablePayment(db, c.var.clinicId, c.req.param("id"));
    return submitForm(c, refundForm, {
      onValid: async (input) => {
        await refundPayment(db, {
          clinicId: c.var.clinicId,
          paymentId: payment.id,
          actorId: c.var.me.user.id,
          input,
        });
        return c.redirect(`/billing/invoices/${payment.invoice.id}?notice=refunded`, 303);
      },
      onProblem: async (values, problem) =>
        c.render(
          <RefundPage
            payment={await getRefundablePayment(db, c.var.clinicId, payment.id)}
            values={values}
            problem={problem}
          />,
          head,
        ),
    });
  });
