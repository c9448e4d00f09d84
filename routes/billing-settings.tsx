/** Settings → Billing: the tax rate and payment terms new invoices are made with. */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import { getFinanceSettings, saveFinanceSettings } from "../lib/finance/settings.ts";
import { financeSettingsForm, financeSettingsValues } from "../lib/finance/settings-form.ts";
import { BillingSettingsPage } from "../components/finance/BillingSettingsPage.tsx";
import { staffPage } from "./_page.tsx";

const head = { title: "Billing settings", current: "/settings" };

export const billingSettingsRoutes = new Hono<AppEnv>()
  .get("/settings/billing", staffPage({ permission: "settings.billing.view" }), async (c) => {
    const settings = await getFinanceSettings(c.var.deps.db, c.var.clinicId);
    return c.render(
      <BillingSettingsPage
        values={financeSettingsValues(settings)}
        canEdit={can(c.var.me.access, "settings.billing.edit")}
        saved={c.req.query("notice") === "saved"}
      />,
      head,
    );
  })
  .post(
    "/settings/billing",
    staffPage({ permission: "settings.billing.edit" }),
    (c) =>
      submitForm(c, financeSettingsForm, {
        onValid: async (settings) => {
          await saveFinanceSettings(c.var.deps.db, c.var.clinicId, c.var.me.user.id, settings);
          return c.redirect("/settings/billing?notice=saved", 303);
        },
        onProblem: (values, problem) =>
          c.render(<BillingSettingsPage values={values} canEdit problem={problem} />, head),
      }),
  );
