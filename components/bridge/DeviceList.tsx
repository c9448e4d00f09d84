/**
 * The clinic's bridge devices: whether each is online, when it last called
 * in, what it has queued, its last error, and links to regenerate or revoke
 * its key (each confirmed on a second page state, so no script is needed).
 */
import type { DeviceSummary } from "../../lib/bridge/devices.ts";
import { CATEGORY_LABELS } from "../../lib/radiology/categories.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";
import { Badge, ButtonLink, Card } from "../ui/mod.ts";
import { BRIDGE_DEVICES_PATH } from "./paths.ts";

function Moment({ at, timeZone }: { at: Date; timeZone: string }) {
  return (
    <time dateTime={at.toISOString()} title={formatDateTime(at, timeZone)}>
      {formatRelative(at)}
    </time>
  );
}

function DeviceState({ device }: { device: DeviceSummary }) {
  if (device.revokedAt !== null) return <Badge tone="red">Revoked</Badge>;
  if (device.offline) {
    return (
      <span data-device-state="offline">
        <Badge
          tone="amber"
          title="No heartbeat for three intervals: the bridge is stopped, the PC is off, or it cannot reach the server"
        >
          Offline
        </Badge>
      </span>
    );
  }
  return (
    <span data-device-state="online">
      <Badge tone="green">Online</Badge>
    </span>
  );
}

function DeviceRow({ device, timeZone, mayRegenerate, mayRevoke }: {
  device: DeviceSummary;
  timeZone: string;
  mayRegenerate: boolean;
  mayRevoke: boolean;
}) {
  const revoked = device.revokedAt !== null;
  const confirmHref = (action: string) =>
    `${BRIDGE_DEVICES_PATH}?confirm=${action}&device=${device.id}`;
  return (
    <li class="px-5 py-4" data-device={device.id}>
      <div class="flex flex-col gap-3 lg:flex-row lg:items-center lg:gap-6">
        <div class="min-w-0 flex-1">
          <p class="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            {device.name}
            <DeviceState device={device} />
          </p>
          <p class="mt-0.5 text-sm text-slate-500">
            {device.operatoryName ?? "No operatory"} ·{" "}
            {device.category ? CATEGORY_LABELS[device.category] : "Category from file"}
            {device.filenamePattern && (
              <>
                {" · "}
                <code class="text-xs">{device.filenamePattern}</code>
              </>
            )}
          </p>
          <p class="mt-0.5 font-mono text-xs text-slate-400">{device.keyPrefix}…</p>
        </div>
        <dl class="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4 lg:w-[30rem] lg:flex-none">
          <div>
            <dt class="text-xs text-slate-500">Last seen</dt>
            <dd class="text-slate-900">
              {device.lastSeenAt ? <Moment at={device.lastSeenAt} timeZone={timeZone} /> : "Never"}
            </dd>
          </div>
          <div>
            <dt class="text-xs text-slate-500">Version</dt>
            <dd class="text-slate-900">{device.lastVersion ?? "—"}</dd>
          </div>
          <div>
            <dt class="text-xs text-slate-500">Queued on PC</dt>
            <dd
              class={device.queueLength ? "font-medium text-amber-700" : "text-slate-900"}
              data-queue-length
            >
              {device.queueLength ?? "—"}
            </dd>
          </div>
          <div>
            <dt class="text-xs text-slate-500">Captures today</dt>
            <dd class="text-slate-900" data-captures-today>{device.capturesToday}</dd>
          </div>
        </dl>
        {!revoked && (mayRegenerate || mayRevoke) && (
          <div class="flex gap-2">
            {mayRegenerate && (
              <ButtonLink href={confirmHref("regenerate")} variant="secondary" size="sm">
                Regenerate key
              </ButtonLink>
            )}
            {mayRevoke && (
              <ButtonLink href={confirmHref("revoke")} variant="danger" size="sm">
                Revoke
              </ButtonLink>
            )}
          </div>
        )}
      </div>
      {device.lastError && device.lastErrorAt && (
        <p
          class="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 break-words"
          data-last-error
        >
          <span class="font-medium">Last error</span>{" "}
          <Moment at={device.lastErrorAt} timeZone={timeZone} />: {device.lastError}
        </p>
      )}
    </li>
  );
}

export function DeviceList({ devices, timeZone, mayRegenerate, mayRevoke }: {
  devices: DeviceSummary[];
  timeZone: string;
  mayRegenerate: boolean;
  mayRevoke: boolean;
}) {
  return (
    <Card title={`Devices (${devices.length})`} class="mb-6">
      {devices.length === 0
        ? <p class="px-5 py-8 text-center text-sm text-slate-500">No devices registered yet.</p>
        : (
          <ul class="divide-y divide-slate-100">
            {devices.map((device) => (
              <DeviceRow
                key={device.id}
                device={device}
                timeZone={timeZone}
                mayRegenerate={mayRegenerate}
                mayRevoke={mayRevoke}
              />
            ))}
          </ul>
        )}
    </Card>
  );
}
