/**
 * Settings → Clinic logo and Working hours (two onboarding steps), and the
 * logo itself at `/clinic-logo/<fileId>`: public, because mail clients
 * fetch it without a session, and safe to be, since only a clinic's current
 * logo answers there and its id is random.
 */
import { type Context, Hono } from "hono";
import { LogoSettingsPage } from "../components/onboarding/LogoSettingsPage.tsx";
import { WorkingHoursPage } from "../components/onboarding/WorkingHoursPage.tsx";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { AppError, badRequest, notFound } from "../lib/errors.ts";
import { isFormUserError } from "../lib/http/form.ts";
import { can } from "../lib/permissions/access.ts";
import {
  currentLogoFile,
  logoBytes,
  removeClinicLogo,
  setClinicLogo,
} from "../lib/clinic-branding/logo.ts";
import { getWorkingHours, setWorkingHours } from "../lib/appointments/working-hours.ts";
import { workingHoursForm } from "../lib/onboarding/forms.ts";
import { publicPage, staffPage } from "./_page.tsx";

type SettingsContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const LOGO_NOTICES: Record<string, string> = {
  saved:
    "Logo saved. It now appears in the menu, on emails, and on printed plans, invoices and receipts.",
  removed: "Logo removed.",
};

function renderLogo(c: SettingsContext, error?: string) {
  const { me, deps } = c.var;
  return c.render(
    <LogoSettingsPage
      clinicName={me.clinic!.name}
      logoFileId={me.clinic!.state.logoFileId}
      canEdit={can(me.access, "settings.clinic.edit")}
      maxKb={Math.floor(deps.config.onboarding.logoMaxBytes / 1024)}
      notice={error ? undefined : LOGO_NOTICES[c.req.query("notice") ?? ""]}
      error={error}
    />,
    { title: "Clinic logo", current: "/settings" },
  );
}

/** The uploaded file, refusing a body far past the limit before reading it. */
async function uploadedLogo(c: SettingsContext, maxBytes: number) {
  const length = Number(c.req.header("content-length") ?? 0);
  if (length > maxBytes + 16_384) {
    throw new AppError(
      413,
      "TOO_LARGE",
      `The logo is too large; keep it under ${Math.floor(maxBytes / 1024)} KB`,
    );
  }
  const form = await c.req.formData().catch(() => null);
  const file = form?.get("logo");
  if (!(file instanceof File) || file.size === 0) {
    throw badRequest("Choose an image file to upload");
  }
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
}

function renderHours(
  c: SettingsContext,
  hours: Awaited<ReturnType<typeof getWorkingHours>>,
  error?: string,
) {
  return c.render(
    <WorkingHoursPage
      hours={hours}
      canEdit={can(c.var.me.access, "settings.calendar.edit")}
      notice={c.req.query("notice") === "saved" && !error ? "Working hours saved." : undefined}
      error={error}
    />,
    { title: "Working hours", current: "/settings" },
  );
}

export const settingsBrandingRoutes = new Hono<AppEnv>()
  .get("/settings/logo", staffPage({ permission: "settings.clinic.view" }), (c) => renderLogo(c))
  .post("/settings/logo", staffPage({ permission: "settings.clinic.edit" }), async (c) => {
    const { db, storage, config } = c.var.deps;
    try {
      const upload = await uploadedLogo(c, config.onboarding.logoMaxBytes);
      await setClinicLogo({ db, storage }, {
        clinicId: c.var.clinicId,
        actorId: c.var.me.user.id,
        maxBytes: config.onboarding.logoMaxBytes,
        ...upload,
      });
    } catch (error) {
      if (!isFormUserError(error)) throw error;
      c.status(error.status);
      return renderLogo(c, error.message);
    }
    return c.redirect("/settings/logo?notice=saved", 303);
  })
  .post("/settings/logo/remove", staffPage({ permission: "settings.clinic.edit" }), async (c) => {
    await removeClinicLogo(c.var.deps.db, { clinicId: c.var.clinicId, actorId: c.var.me.user.id });
    return c.redirect("/settings/logo?notice=removed", 303);
  })
  .get("/clinic-logo/:fileId", publicPage(), async (c) => {
    const file = await currentLogoFile(c.var.deps.db, c.req.param("fileId"));
    const bytes = file && await logoBytes(c.var.deps.storage, file);
    if (!file || !bytes) throw notFound();
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": file.contentType,
      // A new upload gets a new id, so this address's bytes never change.
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      // An SVG opened on its own must not run anything.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
  })
  .get(
    "/settings/working-hours",
    staffPage({ permission: "settings.calendar.view" }),
    async (c) => renderHours(c, await getWorkingHours(c.var.deps.db, c.var.clinicId)),
  )
  .post(
    "/settings/working-hours",
    staffPage({ permission: "settings.calendar.edit" }),
    (c) =>
      submitForm(c, workingHoursForm, {
        onValid: async (hours) => {
          await setWorkingHours(c.var.deps.db, {
            clinicId: c.var.clinicId,
            hours,
            actorId: c.var.me.user.id,
          });
          return c.redirect("/settings/working-hours?notice=saved", 303);
        },
        onProblem: async (_values, problem) =>
          renderHours(c, await getWorkingHours(c.var.deps.db, c.var.clinicId), problem.message),
      }),
  );
