/**
 * OdontoX: composes the app and serves it.
 *
 * `deno task start` runs this file; `deno serve main.ts` and Deno Deploy use
 * the default export. Start-up (config, migrations, first-run seed) happens
 * once, on the first request or before listening.
 */
import { Hono } from "hono";
import { join } from "node:path";
import { type Config, loadConfig } from "./lib/config.ts";
import { openDatabase } from "./lib/db/client.ts";
import { migrate } from "./lib/db/migrate.ts";
import { hasAnyUser, seedDemoData } from "./lib/db/seed.ts";
import { openKv } from "./lib/kv.ts";
import { AuthService } from "./lib/auth/auth-service.ts";
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
import { filesApi } from "./routes/api/v1/files.ts";
import { bridgeDeviceRoutes } from "./routes/bridge-devices.tsx";
import { radiologyInboxRoutes } from "./routes/radiology-inbox.tsx";
import { eventsApi } from "./routes/api/v1/events.ts";
import { EventHub } from "./lib/events/hub.ts";
import { appointmentBookingRoutes } from "./routes/appointment-booking.tsx";
import { appointmentRoutes } from "./routes/appointments.tsx";
import { clinicalApi } from "./routes/api/v1/clinical.ts";
import { clinicalRoutes } from "./routes/clinical.tsx";
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
import { publicPage } from "./routes/_page.tsx";
import { buildIslandsIfStale } from "./lib/islands/build.ts";
import { scheduledJobs } from "./lib/jobs/schedule.ts";
import { objectStoreFromConfig } from "./lib/storage/from-config.ts";
import { subscribeAppointmentMessages } from "./lib/appointments/notifications.ts";
import { subscribeAppointmentLiveUpdates } from "./lib/appointments/live-updates.ts";

export function createApp(deps: AppDeps): Hono<AppEnv> {
  subscribeAppointmentMessages(deps.config);
  subscribeAppointmentLiveUpdates();
  const app = new Hono<AppEnv>();
  app.onError(errorHandler({ page: errorPage }));
  app.notFound(notFoundPage);
  app.use(securityHeaders({ production: deps.config.env === "production" }));
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use("/api/*", apiCors({ origins: (c) => c.var.deps.config.lab.corsOrigins }));
  app.use(csrfProtection({
    origins: [new URL(deps.config.appUrl).origin],
    cookies: [ACCESS_COOKIE, REFRESH_COOKIE],
  }));

  // Public.
  app.route("/", staticRoutes);
  app.route("/", loginRoutes);
  app.route("/api/v1/health", healthApi);
  app.route("/api/v1/auth", authApi);
  app.route("/", inviteRoutes);
  // Before the signed-in appointments API, which would otherwise claim the path.
  app.route("/api/v1/appointments", appointmentRespondApi);
  app.route("/", appointmentRespondRoutes);
  app.route("/", labSharedRoutes);
  app.get("/", publicPage(), (c) => c.redirect("/dashboard", 303));

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
  app.route("/api/v1/files", filesApi);
  app.route("/api/v1/events", eventsApi);
  app.route("/api/v1/clinical", clinicalApi);
  app.route("/api/v1/lab", labApi);

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
  app.route("/", radiologyRoutes);
  app.route("/", bridgeDeviceRoutes);
  app.route("/", radiologyInboxRoutes);
  app.route("/", labRoutes);
  app.route("/", labSettingsRoutes);
  return app;
}

/** Opens storage, applies migrations and, on a fresh local database, seeds the demo clinics. */
export async function bootstrap(config: Config): Promise<AppDeps> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: join(config.dataDir, "pg"),
  });
  const { applied } = await migrate(database.sql);
  if (applied.length) console.log(`migrations applied: ${applied.join(", ")}`);
  if (config.seedDemoData && !(await hasAnyUser(database.db))) {
    await seedDemoData(database.db, { encryptionKey: config.encryptionKey });
    console.log("demo data seeded (see README for the accounts)");
  }
  if (config.kvPath && config.kvPath !== ":memory:") {
    await Deno.mkdir(join(config.kvPath, ".."), { recursive: true });
  }
  const kv = await openKv(config.kvPath);
  const auth = new AuthService(database.db, kv, config);
  const storage = objectStoreFromConfig(config.storage);
  const events = new EventHub(database);
  return { config, database, db: database.db, kv, auth, storage, events };
}

let deps: Promise<AppDeps> | undefined;
function depsFromEnvironment(): Promise<AppDeps> {
  deps ??= bootstrap(loadConfig());
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
  for (const job of scheduledJobs(depsFromEnvironment)) {
    Deno.cron(job.name, job.schedule, async () => {
      await job.run(new Date());
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
