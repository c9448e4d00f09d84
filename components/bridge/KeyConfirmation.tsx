/** The second step before a key is regenerated or a device revoked: what happens, and the button. */
import type { DeviceSummary } from "../../lib/bridge/devices.ts";
import { Button, ButtonLink } from "../ui/mod.ts";
import { BRIDGE_DEVICES_PATH } from "./paths.ts";

export interface KeyAction {
  action: "regenerate" | "revoke";
  device: DeviceSummary;
}

export function KeyConfirmation({ action, device }: KeyAction) {
  const regenerate = action === "regenerate";
  return (
    <section class="mb-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-red-200" role="alertdialog">
      <h2 class="text-base font-semibold text-slate-900">
        {regenerate ? `Regenerate the key of ${device.name}?` : `Revoke ${device.name}?`}
      </h2>
      <p class="mt-1 text-sm text-slate-600">
        {regenerate
          ? "The current key stops working at once; the bridge uploads nothing until its config has the new key."
          : "The device can no longer upload. Its captures stay. This cannot be undone; register it again to reconnect."}
      </p>
      <form
        method="post"
        action={`${BRIDGE_DEVICES_PATH}/${device.id}/${action}`}
        class="mt-4 flex flex-wrap gap-3"
      >
        <Button variant="danger">{regenerate ? "Regenerate key" : "Revoke device"}</Button>
        <ButtonLink href={BRIDGE_DEVICES_PATH} variant="secondary">Cancel</ButtonLink>
      </form>
    </section>
  );
}
