/**
 * OdontoX: composes the app and serves it.
 *
 * `deno task start` runs this file; `deno serve main.ts` and Deno Deploy use
 * the default export. Start-up (config, migrations, first-run seed) happens
 * once, on the first request or before listening.
 */
import { Hono } from "hono";
import { type Config, loadConfig } from "./lib/config.ts";
import { migrate } from "./lib/db/migrate.ts";
import { hasAnyUser, seedDemoData } from "./lib/db/seed.ts";
import { analyzeEmbeddedDatabase } from "./lib/db/planner-statistics.ts";
import { createDeps } from "./lib/app-deps.ts";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "./lib/auth/cookies.ts";
import type { AppDeps, AppEnv } from "./lib/http/app-env.ts";
import { csrfProtection } from "./lib/http/csrf.ts";
import { errorHandler } from "./lib/http/errors-handler.ts";
import { securityHeaders } from "./lib/http/security-headers.ts";
import { apiCors } from "./lib/http/cors.ts";
import { labApi } from "./routes/api/v1/lab.ts";
import { labRoutes } from "./routes/lab.tsx";
import { labSharedRoutes } from "./routes/lab-shared.tsx";
import { labSettingsRoutes } from "./routes/lab-settings.tsx";
import { authApi } from "./routes/api/v1/auth.ts";
import { healthApi } from "./routes/api/v1/health.ts";
import { meApi } from "./routes/api/v1/me.ts";
import { roleTemplatesApi } from "./routes/api/v1/role-templates.ts";
import { staffApi } from "./routes/api/v1/staff.ts";
import { adminApi } from "./routes/api/v1/admin.ts";
import { settingsApi } from "./routes/api/v1/settings.ts";
import { patientsApi } from "./routes/api/v1/patients.ts";
import { patientRoutes } from "./routes/patients.tsx";
import { notificationsApi } from "./routes/api/v1/notifications.ts";
import { devMailboxRoutes } from "./routes/dev-mailbox.tsx";
import { appointmentsApi } from "./routes/api/v1/appointments.ts";
import { operatoriesApi } from "./routes/api/v1/operatories.ts";
import { bridgeApi } from "./routes/api/v1/bridge.ts";
import { capturesApi } from "./routes/api/v1/captures.ts";
import { dicomApi, patientRadiologyApi } from "./routes/api/v1/dicom.ts";
import { dicomAnalysesApi } from "./routes/api/v1/dicom-analyses.ts";
import { adminDicomUsageApi } from "./routes/api/v1/admin-dicom-usage.ts";
import { adminDicomUsageRoutes } from "./routes/admin-dicom-usage.tsx";
import { startAnalysisWorker } from "./lib/dicom/analysis/worker.ts";
import { filesApi } from "./routes/api/v1/files.ts";
import { bridgeDeviceRoutes } from "./routes/bridge-devices.tsx";
import { radiologyInboxRoutes } from "./routes/radiology-inbox.tsx";
import { eventsApi } from "./routes/api/v1/events.ts";
import { forgetOwnAccessChanges } from "./lib/auth/principal-cache.ts";
import { appointmentBookingRoutes } from "./routes/appointment-booking.tsx";
import { appointmentRoutes } from "./routes/appointments.tsx";
import { clinicalApi } from "./routes/api/v1/clinical.ts";
import { perioApi } from "./routes/api/v1/perio.ts";
import { clinicalRoutes } from "./routes/clinical.tsx";
import { perioRoutes } from "./routes/perio.tsx";
import { settingsRoutes } from "./routes/settings.tsx";
import { permissionTemplateRoutes } from "./routes/permission-templates.tsx";
import { staffRoutes } from "./routes/staff.tsx";
import { adminRoutes } from "./routes/admin.tsx";
import { inviteRoutes } from "./routes/invite.tsx";
import { appointmentRespondApi } from "./routes/api/v1/appointment-respond.ts";
import { appointmentRespondRoutes } from "./routes/appointment-respond.tsx";
import { accountRoutes } from "./routes/account.tsx";
import { dashboardRoutes } from "./routes/dashboard.tsx";
import { calendarRoutes } from "./routes/calendar.tsx";
import { errorPage, notFoundPage } from "./routes/errors.tsx";
import { loginRoutes } from "./routes/login.tsx";
import { staticRoutes } from "./routes/static.ts";
import { radiologyRoutes } from "./routes/radiology.tsx";
import { discountPoliciesApi, servicesApi, treatmentPlansApi } from "./routes/api/v1/treatment.ts";
import { treatmentPlanRoutes } from "./routes/treatment-plans.tsx";
import { treatmentPlanFileRoutes } from "./routes/treatment-plan-files.tsx";
import { treatmentPlanItemRoutes } from "./routes/treatment-plan-items.tsx";
import { treatmentSettingsRoutes } from "./routes/treatment-settings.tsx";
import { treatmentPlanReviewRoutes } from "./routes/treatment-plan-review.tsx";
import { publicPage } from "./routes/_page.tsx";
// Superadmin area: Overview, Revenue and Users.
import { adminOverviewRoutes } from "./routes/admin-overview.tsx";
import { adminRevenueRoutes } from "./routes/admin-revenue.tsx";
import { adminUsersRoutes } from "./routes/admin-users.tsx";
import { buildIslandsIfStale } from "./lib/islands/build.ts";
import { scheduledJobs } from "./lib/jobs/schedule.ts";
import { registerAppointmentMessages } from "./lib/appointments/notifications.ts";
import { registerAppointmentLiveUpdates } from "./lib/appointments/live-updates.ts";
import { registerWhatsappAutomations } from "./lib/whatsapp/appointment-hooks.ts";
import { whatsappConfigApi } from "./routes/api/v1/whatsapp.ts";
import { whatsappWebhookApi } from "./routes/api/v1/whatsapp-webhook.ts";
import { whatsappRoutes } from "./routes/whatsapp.tsx";
import { registerInventoryConsumption } from "./lib/inventory/appointment-consumption.ts";
import { registerItemCompletion } from "./lib/treatment/appointment-items.ts";
import { inventoryApi } from "./routes/api/v1/inventory.ts";
import { inventoryRoutes } from "./routes/inventory.tsx";
import { inventoryConsumablesRoutes } from "./routes/inventory-consumables.tsx";
import { inventorySupplierRoutes } from "./routes/inventory-suppliers.tsx";
import { subscriptionPlansApi } from "./routes/api/v1/subscription-plans.ts";
import { referralsApi } from "./routes/api/v1/referrals.ts";
import { adminPlanRoutes } from "./routes/admin-plans.tsx";
import { referralRoutes } from "./routes/referrals.tsx";
import { referralPublicRoutes } from "./routes/referral-public.tsx";
import { otlpRoutes } from "./routes/otlp.ts";
import { adminErrorRoutes } from "./routes/admin-errors.tsx";
import { startServerMonitoring } from "./lib/observability/sentry-server.ts";
import { releaseName } from "./lib/observability/release.ts";
import { runJobReportingFailure } from "./lib/observability/failed-jobs.ts";
import { dsnOrigin } from "./lib/observability/sentry-browser-config.ts";
import { adminInvoiceRoutes } from "./routes/admin-invoices.tsx";
import { adminInvoiceBrandingRoutes } from "./routes/admin-invoices-branding.tsx";
import { adminInvoiceDetailRoutes } from "./routes/admin-invoices-detail.tsx";
// Patient portal: invitations, the patient's sign-in and pages, and the staff side.
import { patientInviteRoutes } from "./routes/patient-invite.tsx";
import { portalLoginRoutes } from "./routes/portal-login.tsx";
import { portalRoutes } from "./routes/portal.tsx";
import { portalInvitationRoutes } from "./routes/portal-invitations.tsx";
import { patientInvitationsApi } from "./routes/api/v1/patient-invitations.ts";
import { PATIENT_COOKIE } from "./lib/auth/cookies.ts";
import { signupRoutes } from "./routes/signup.tsx";
import { refuseWritesWhenReadOnly } from "./lib/subscriptions/read-only.ts";
import { adminApplicationRoutes } from "./routes/admin-applications.tsx";
import { settingsBrandingRoutes } from "./routes/settings-branding.tsx";
import { settingsContactRoutes } from "./routes/settings-contact.tsx";
import { invoicesApi, paymentsApi, receiptsApi } from "./routes/api/v1/invoices.ts";
import { billingRoutes } from "./routes/billing.tsx";
import { billingInvoiceRoutes } from "./routes/billing-invoice.tsx";
import { billingRefundRoutes } from "./routes/billing-refund.tsx";
import { billingSettingsRoutes } from "./routes/billing-settings.tsx";
import { reportsApi } from "./routes/api/v1/reports.ts";
import { actionItemsApi } from "./routes/api/v1/action-items.ts";
import { reportRoutes } from "./routes/reports.tsx";

/** One app over `deps`; build one app per `deps`, since it registers its listeners on `deps.hooks`. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  registerAppointmentMessages(deps.hooks, deps.config);
  registerAppointmentLiveUpdates(deps.hooks);
  registerWhatsappAutomations(deps.hooks);
  registerInventoryConsumption(deps.hooks);
  registerItemCompletion(deps.hooks);
  const app = new Hono<AppEnv>();
  app.onError(errorHandler({ page: errorPage }));
  app.notFound(notFoundPage);
  app.use(securityHeaders({
    production: deps.config.env === "production",
    connectOrigins: dsnOrigin(deps.config.observability?.sentryBrowserDsn ?? null),
  }));
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use("/api/*", apiCors({ origins: (c) => c.var.deps.config.lab.corsOrigins }));
  app.use(csrfProtection({
    origins: [new URL(deps.config.appUrl).origin],
    cookies: [ACCESS_COOKIE, REFRESH_COOKIE, PATIENT_COOKIE],
    tokenPrefixes: ["/otlp/"],
  }));
  app.use(forgetOwnAccessChanges());
  // An expired trial or a suspension makes the clinic read-only: one check for every write.
  app.use(refuseWritesWhenReadOnly());

  // Public.
  app.route("/", staticRoutes);
  app.route("/", loginRoutes);
  app.route("/api/v1/health", healthApi);
  app.route("/api/v1/auth", authApi);
  app.route("/", inviteRoutes);
  // Before the signed-in appointments API, which would otherwise claim the path.
  app.route("/api/v1/appointments", appointmentRespondApi);
  app.route("/", appointmentRespondRoutes);
  // Meta's callbacks; before the WhatsApp config API, whose module guard covers its own routes.
  app.route("/api/v1/whatsapp/webhook", whatsappWebhookApi);
  app.route("/", treatmentPlanReviewRoutes);
  app.route("/", labSharedRoutes);
  app.get("/", publicPage(), (c) => c.redirect("/dashboard", 303));
  // Exporters authenticate with their bearer token, not a session.
  app.route("/", otlpRoutes);

  // Signed-in JSON API.
  app.route("/api/v1/me", meApi);
  app.route("/api/v1/role-templates", roleTemplatesApi);
  app.route("/api/v1/staff", staffApi);
  app.route("/api/v1/settings", settingsApi);
  app.route("/api/v1/admin", adminApi);
  app.route("/api/v1/patients", patientsApi);
  app.route("/api/v1/notifications", notificationsApi);
  app.route("/api/v1/appointments", appointmentsApi);
  app.route("/api/v1/operatories", operatoriesApi);
  app.route("/api/v1/bridge", bridgeApi);
  app.route("/api/v1/captures", capturesApi);
  app.route("/api/v1/patients", patientRadiologyApi);
  app.route("/api/v1/dicom", dicomApi);
  app.route("/api/v1/dicom-ai", dicomAnalysesApi);
  app.route("/api/v1/admin/dicom-usage", adminDicomUsageApi);
  app.route("/api/v1/files", filesApi);
  app.route("/api/v1/events", eventsApi);
  app.route("/api/v1/clinical", clinicalApi);
  app.route("/api/v1/perio", perioApi);
  app.route("/api/v1/whatsapp", whatsappConfigApi);
  app.route("/api/v1/inventory", inventoryApi);
  app.route("/api/v1/treatment-plans", treatmentPlansApi);
  app.route("/api/v1/services", servicesApi);
  app.route("/api/v1/discount-policies", discountPoliciesApi);
  app.route("/api/v1/lab", labApi);
  app.route("/api/v1/invoices", invoicesApi);
  app.route("/api/v1/payments", paymentsApi);
  app.route("/api/v1/receipts", receiptsApi);
  app.route("/api/v1/reports", reportsApi);
  app.route("/api/v1/action-items", actionItemsApi);

  // Signed-in pages; each route declares the `staffPage` guard itself.
  app.route("/", dashboardRoutes);
  app.route("/", calendarRoutes);
  app.route("/", accountRoutes);
  app.route("/", settingsRoutes);
  app.route("/", permissionTemplateRoutes);
  app.route("/", staffRoutes);
  app.route("/", adminRoutes);
  app.route("/", patientRoutes);
  app.route("/", devMailboxRoutes);
  app.route("/", appointmentBookingRoutes);
  app.route("/", appointmentRoutes);
  app.route("/", clinicalRoutes);
  app.route("/", perioRoutes);
  app.route("/", radiologyRoutes);
  app.route("/", bridgeDeviceRoutes);
  app.route("/", radiologyInboxRoutes);
  app.route("/", whatsappRoutes);
  app.route("/", adminDicomUsageRoutes);
  app.route("/", inventoryRoutes);
  app.route("/", inventoryConsumablesRoutes);
  app.route("/", inventorySupplierRoutes);
  app.route("/", treatmentPlanRoutes);
  app.route("/", treatmentPlanFileRoutes);
  app.route("/", treatmentPlanItemRoutes);
  app.route("/", treatmentSettingsRoutes);
  app.route("/", labRoutes);
  app.route("/", labSettingsRoutes);

  // Plans and referrals: the public referral form, the plans API, and their pages.
  app.route("/", referralPublicRoutes);
  app.route("/api/v1/subscription-plans", subscriptionPlansApi);
  app.route("/api/v1/referrals", referralsApi);
  app.route("/", adminPlanRoutes);
  app.route("/", referralRoutes);
  app.route("/", adminErrorRoutes);
  // Invoice Studio: the list and branding before `/admin/invoices/:id` claims their paths.
  app.route("/", adminInvoiceRoutes);
  app.route("/", adminInvoiceBrandingRoutes);
  app.route("/", adminInvoiceDetailRoutes);
  // Patient portal: public invitation and sign-in pages, the patient's own pages (their own
  // guard), the staff side of invitations and its API.
  app.route("/", patientInviteRoutes);
  app.route("/", portalLoginRoutes);
  app.route("/", portalRoutes);
  app.route("/", portalInvitationRoutes);
  app.route("/api/v1/patient-invitations", patientInvitationsApi);
  app.route("/", adminOverviewRoutes);
  app.route("/", adminRevenueRoutes);
  app.route("/", adminUsersRoutes);
  // Clinic onboarding: the public sign-up page and the superadmin's decisions.
  app.route("/", signupRoutes);
  app.route("/", adminApplicationRoutes);
  app.route("/", settingsBrandingRoutes);
  app.route("/", settingsContactRoutes);
  app.route("/", billingRoutes);
  app.route("/", billingInvoiceRoutes);
  app.route("/", billingRefundRoutes);
  app.route("/", billingSettingsRoutes);
  app.route("/", reportRoutes);
  return app;
}

/** Opens storage, applies migrations and, on a fresh local database, seeds the demo clinics. */
export async function bootstrap(config: Config): Promise<AppDeps> {
  const deps = await createDeps(config);
  const { applied } = await migrate(deps.database.sql);
  if (applied.length) console.log(`migrations applied: ${applied.join(", ")}`);
  if (config.seedDemoData && !(await hasAnyUser(deps.db))) {
    await seedDemoData(deps.db, { encryptionKey: config.encryptionKey });
    console.log("demo data seeded (see README for the accounts)");
  }
  await analyzeEmbeddedDatabase(deps.database);
  return deps;
}

/** Server-side Sentry for this process, when `SENTRY_DSN` is set. */
function startMonitoring(config: Config): void {
  const { sentryDsn, sentryRelease, appEnv } = config.observability;
  if (!sentryDsn) return;
  startServerMonitoring({
    dsn: sentryDsn,
    release: releaseName(sentryRelease),
    environment: appEnv,
  });
}

let deps: Promise<AppDeps> | undefined;
function depsFromEnvironment(): Promise<AppDeps> {
  deps ??= Promise.resolve(loadConfig()).then((config) => {
    startMonitoring(config);
    return bootstrap(config);
  }).then(async (ready) => {
    // This instance's DICOM analysis worker; the cron sweep covers what it misses.
    await startAnalysisWorker({ ...ready, ai: ready.config.ai });
    return ready;
  });
  return deps;
}

let app: Promise<Hono<AppEnv>> | undefined;
function appFromEnvironment(): Promise<Hono<AppEnv>> {
  app ??= depsFromEnvironment().then(createApp);
  return app;
}

export default {
  async fetch(request: Request, info?: Deno.ServeHandlerInfo): Promise<Response> {
    return (await appFromEnvironment()).fetch(request, info);
  },
} satisfies Deno.ServeDefaultExport;

// Crons are registered while the module is evaluated (Deno Deploy's rule),
// whether this process was started with `deno run`, `deno serve` or on Deploy,
// and never when a test merely imports `createApp`.
if (import.meta.main || Deno.env.get("DENO_DEPLOYMENT_ID")) {
  // Jobs wait for the app, so its listeners are on the domain hooks before a job changes anything.
  const appDeps = () => appFromEnvironment().then(depsFromEnvironment);
  for (const job of scheduledJobs(appDeps)) {
    Deno.cron(job.name, job.schedule, async () => {
      await runJobReportingFailure(job, new Date());
    });
  }
}

/**
 * `deno serve main.ts` also evaluates this module as the main one, and Deno
 * exposes no flag telling the two apart; on Linux the command line does. Deno
 * Deploy serves the default export itself.
 */
function servedByRuntime(): boolean {
  if (Deno.env.get("DENO_DEPLOYMENT_ID")) return true;
  try {
    return Deno.readTextFileSync("/proc/self/cmdline").split("\0")[1] === "serve";
  } catch {
    return false;
  }
}

if (import.meta.main && !servedByRuntime()) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(`odontox: ${(error as Error).message}`);
    Deno.exit(1);
  }
  if (config.env !== "production") {
    // Locally, bundles follow the sources; a deployment builds them with `deno task build`.
    const { built } = await buildIslandsIfStale();
    if (built) console.log("island bundles rebuilt");
  }
  const server = await appFromEnvironment();
  Deno.serve({
    port: config.port,
    hostname: config.listenHost,
    onListen: ({ hostname, port }) =>
      console.log(
        `OdontoX listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`,
      ),
  }, (request, info) => server.fetch(request, info));
}
