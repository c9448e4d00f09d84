/**
 * Settings → Bridge devices: register a chairside bridge, see when each last
 * called in, and regenerate or revoke its key. A new key is rendered in the
 * response to the form post and never again. Confirmations are a second page
 * state, so the whole flow works without JavaScript.
 */
import { type Context, Hono } from "hono";
import { BridgeDevicesPage } from "../components/bridge/BridgeDevicesPage.tsx";
import { BRIDGE_DEVICES_PATH as PATH } from "../components/bridge/paths.ts";
import type { AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import { submitForm } from "../lib/http/form.ts";
import { type Access, can } from "../lib/permissions/access.ts";
import {
  BRIDGE_MODULE,
  regenerateDeviceKey,
  registerDevice,
  revokeDevice,
} from "../lib/bridge/devices.ts";
import { bridgeDevicesOverview } from "../lib/bridge/devices-page.ts";
import { registerDeviceForm } from "../lib/bridge/forms.ts";
import { mayOpen, PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";

type DevicesContext = Context<AppEnv & StaffPageScope & ClinicScope>;
type PageState = Omit<Parameters<typeof BridgeDevicesPage>[0], "overview" | "timeZone" | "may">;

async function render(c: DevicesContext, state: PageState = {}) {
  const { deps, me, clinicId } = c.var;
  const access = me.access as Access;
  const timeZone = me.clinic?.timeZone ?? "Asia/Karachi";
  const action = c.req.query("confirm");
  const deviceId = c.req.query("device");
  return c.render(
    <BridgeDevicesPage
      overview={await bridgeDevicesOverview(deps.db, clinicId, timeZone)}
      timeZone={timeZone}
      may={{
        create: can(access, "bridge.devices.create"),
        regenerate: can(access, "bridge.keys.regenerate"),
        revoke: can(access, "bridge.devices.revoke"),
        openSettings: mayOpen(PAGE_ACCESS.settings, access),
      }}
      confirm={(action === "regenerate" || action === "revoke") && deviceId
        ? { action, deviceId }
        : undefined}
      notice={c.req.query("notice") === "revoked" ? "Device revoked." : undefined}
      {...state}
    />,
    { title: "Bridge devices" },
  );
}

const bridgePage = (permission: string) => staffPage({ module: BRIDGE_MODULE, permission });

export const bridgeDeviceRoutes = new Hono<AppEnv>()
  .get(PATH, staffPage(PAGE_ACCESS.bridgeDevices), (c) => render(c))
  .post(PATH, bridgePage("bridge.devices.create"), (c) =>
    submitForm(c, registerDeviceForm, {
      onValid: async (input) => {
        const { device, apiKey } = await registerDevice(c.var.deps.db, {
          clinicId: c.var.clinicId,
          ...input,
          actorId: c.var.principal.userId,
        });
        c.status(201);
        return render(c, { issued: { deviceName: device.name, apiKey } });
      },
      onProblem: (values, problem) => render(c, { registration: { values, problem } }),
    }))
  .post(`${PATH}/:id/regenerate`, bridgePage("bridge.keys.regenerate"), async (c) => {
    const { device, apiKey } = await regenerateDeviceKey(c.var.deps.db, {
      clinicId: c.var.clinicId,
      deviceId: c.req.param("id"),
      actorId: c.var.principal.userId,
    });
    return render(c, { issued: { deviceName: device.name, apiKey } });
  })
  .post(`${PATH}/:id/revoke`, bridgePage("bridge.devices.revoke"), async (c) => {
    await revokeDevice(c.var.deps.db, {
      clinicId: c.var.clinicId,
      deviceId: c.req.param("id"),
      actorId: c.var.principal.userId,
    });
    return c.redirect(`${PATH}?notice=revoked`, 303);
  });
