/**
 * Settings → Bridge devices (release notes, "Bridge Desktop Application"):
 * the devices, a key just issued, a pending confirmation, and the register
 * form for members who may add a device.
 */
import type { BridgeDevicesOverview } from "../../lib/bridge/devices-page.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { Notice, PageHeader } from "../ui/mod.ts";
import { SettingsBackLink } from "../settings/BackLink.tsx";
import { DeviceList } from "./DeviceList.tsx";
import { IssuedKey } from "./IssuedKey.tsx";
import { KeyConfirmation } from "./KeyConfirmation.tsx";
import { RegisterDeviceForm } from "./RegisterDeviceForm.tsx";

export function BridgeDevicesPage({
  overview: { devices, operatories },
  timeZone,
  may,
  issued,
  confirm,
  registration,
  notice,
}: {
  overview: BridgeDevicesOverview;
  timeZone: string;
  /** `openSettings`: the member may open the Settings hub, so the back link leads somewhere. */
  may: { create: boolean; regenerate: boolean; revoke: boolean; openSettings: boolean };
  /** A key just issued, shown this once. */
  issued?: { deviceName: string; apiKey: string };
  /** From the page's query: the action to confirm and the device it is for. */
  confirm?: { action: "regenerate" | "revoke"; deviceId: string };
  /** A refused registration, with what was entered. */
  registration?: { values: FormValues; problem: FormProblem };
  notice?: string;
}) {
  const confirming = confirm &&
    devices.find((d) => d.id === confirm.deviceId && !d.revokedAt);
  return (
    <>
      {may.openSettings && <SettingsBackLink />}
      <PageHeader
        title="Bridge devices"
        subtitle="Chairside PCs that upload X-ray captures from the sensor's output folder."
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      {issued && <IssuedKey {...issued} />}
      {confirm && confirming && <KeyConfirmation action={confirm.action} device={confirming} />}
      <DeviceList
        devices={devices}
        timeZone={timeZone}
        mayRegenerate={may.regenerate}
        mayRevoke={may.revoke}
      />
      {may.create && (
        operatories.some((o) => o.active)
          ? (
            <RegisterDeviceForm
              operatories={operatories}
              values={registration?.values}
              problem={registration?.problem}
            />
          )
          : <Notice tone="info">Add an operatory first: every device belongs to one.</Notice>
      )}
    </>
  );
}
