/**
 * Settings → Bridge Devices (release notes, "Bridge Desktop Application"):
 * register a chairside bridge, see when each last called in, and regenerate
 * or revoke its key. A new key is rendered in the response to the form post
 * and never again. Confirmations are a second page state, so the whole flow
 * works without JavaScript.
 */
import { type Context, Hono } from "hono";
import { AppShell } from "../components/AppShell.tsx";
import { Notice } from "../components/Notice.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import { Icon } from "../components/Icon.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import { AppError } from "../lib/errors.ts";
import { can } from "../lib/permissions/access.ts";
import { pageAllows, pageRequires, pageRequiresModule } from "../lib/permissions/page-guards.ts";
import { mayOpen, PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { CAPTURE_CATEGORIES } from "../lib/db/schema.ts";
import { listOperatories } from "../lib/appointments/operatories.ts";
import {
  BRIDGE_MODULE,
  type DeviceSummary,
  listDevices,
  regenerateDeviceKey,
  registerDevice,
  revokeDevice,
} from "../lib/bridge/devices.ts";
import { MAX_PATTERN_LENGTH } from "../lib/bridge/filename-pattern.ts";
import { formatDateTime, formatRelative } from "../lib/view/format.ts";
import { renderDocument } from "../lib/view/render.ts";
import { staffPage } from "./resume.tsx";
import { CATEGORY_LABELS } from "../lib/radiology/categories.ts";

const PATH = "/settings/bridge-devices";
const INPUT =
  "block w-full rounded-lg border border-slate-300 px-3.5 py-2.5 text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const PRIMARY =
  "inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-500/50 focus:ring-offset-2";
const SECONDARY =
  "inline-flex items-center justify-center rounded-lg bg-white px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50";
const DANGER =
  "inline-flex items-center justify-center rounded-lg bg-red-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-red-700";

interface PageState {
  /** A key just issued: shown once, with the device it belongs to. */
  issued?: { deviceName: string; apiKey: string };
  form?: { values: Record<string, string>; error: string };
  confirm?: { action: "regenerate" | "revoke"; device: DeviceSummary };
  notice?: string;
}

function KeyBox({ deviceName, apiKey }: { deviceName: string; apiKey: string }) {
  return (
    <section
      class="mb-6 rounded-xl bg-amber-50 p-5 ring-1 ring-amber-200"
      aria-labelledby="issued-key"
    >
      <h2 id="issued-key" class="text-base font-semibold text-amber-900">
        API key for {deviceName}
      </h2>
      <p class="mt-1 text-sm text-amber-800">
        Copy it now: it is shown only this once. If it is lost, regenerate it.
      </p>
      <label for="api-key" class="sr-only">API key</label>
      <input
        id="api-key"
        readOnly
        value={apiKey}
        data-api-key
        class="mt-3 block w-full select-all rounded-lg border border-amber-300 bg-white px-3 py-2.5 font-mono text-sm text-slate-900"
      />
      <p class="mt-3 text-sm text-amber-900">
        On the chairside PC, put it in the bridge's config file as <code>apiKey</code>{" "}
        and start it with <code class="break-all">deno task bridge --config bridge.json</code>.
      </p>
    </section>
  );
}

function RegisterForm({ operatories, values, error }: {
  operatories: { id: string; name: string; active: boolean }[];
  values: Record<string, string>;
  error?: string;
}) {
  const active = operatories.filter((o) => o.active);
  return (
    <Card title="Register a device">
      <form method="post" action={PATH} class="grid grid-cols-1 gap-4 p-5 md:grid-cols-2">
        {error && <p role="alert" class="text-sm text-red-700 md:col-span-2">{error}</p>}
        <div>
          <label for="device-name" class="block text-sm font-medium text-slate-900">Name</label>
          <input
            id="device-name"
            name="name"
            required
            maxLength={80}
            value={values.name ?? ""}
            placeholder="Operatory 1 sensor PC"
            class={`${INPUT} mt-1.5`}
          />
        </div>
        <div>
          <label for="device-operatory" class="block text-sm font-medium text-slate-900">
            Operatory
          </label>
          <select id="device-operatory" name="operatoryId" required class={`${INPUT} mt-1.5`}>
            {active.map((o) => (
              <option key={o.id} value={o.id} selected={values.operatoryId === o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="device-category" class="block text-sm font-medium text-slate-900">
            Category
          </label>
          <select id="device-category" name="category" class={`${INPUT} mt-1.5`}>
            <option value="">Tell from each file</option>
            {CAPTURE_CATEGORIES.map((category) => (
              <option key={category} value={category} selected={values.category === category}>
                {CATEGORY_LABELS[category]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="device-pattern" class="block text-sm font-medium text-slate-900">
            File name pattern <span class="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="device-pattern"
            name="filenamePattern"
            maxLength={MAX_PATTERN_LENGTH}
            value={values.filenamePattern ?? ""}
            placeholder="{mrn}_{any}"
            aria-describedby="device-pattern-hint"
            class={`${INPUT} mt-1.5 font-mono`}
          />
          <p id="device-pattern-hint" class="mt-1 text-xs text-slate-500">
            <code>{"{mrn}"}</code> is the patient's MRN, <code>{"{any}"}</code>{" "}
            any text; the rest must match as written. The extension is ignored.
          </p>
        </div>
        <div class="md:col-span-2">
          <button type="submit" class={PRIMARY}>Register and show key</button>
        </div>
      </form>
    </Card>
  );
}

function lastSeen(device: DeviceSummary, timeZone: string) {
  if (!device.lastSeenAt) return "Never";
  return (
    <time
      dateTime={device.lastSeenAt.toISOString()}
      title={formatDateTime(device.lastSeenAt, timeZone)}
    >
      {formatRelative(device.lastSeenAt)}
    </time>
  );
}

function DeviceRow({ device, timeZone, mayRegenerate, mayRevoke }: {
  device: DeviceSummary;
  timeZone: string;
  mayRegenerate: boolean;
  mayRevoke: boolean;
}) {
  const revoked = device.revokedAt !== null;
  return (
    <li class="px-5 py-4" data-device={device.id}>
      <div class="flex flex-col gap-3 lg:flex-row lg:items-center lg:gap-6">
        <div class="min-w-0 flex-1">
          <p class="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            {device.name}
            {revoked && (
              <span class="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700">
                Revoked
              </span>
            )}
            {!revoked && device.offline && (
              <span
                class="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800"
                title="No heartbeat for three intervals: the bridge is stopped, the PC is off, or it cannot reach the server"
                data-device-state="offline"
              >
                Offline
              </span>
            )}
            {!revoked && !device.offline && (
              <span
                class="rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-700"
                data-device-state="online"
              >
                Online
              </span>
            )}
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
            <dd class="text-slate-900">{lastSeen(device, timeZone)}</dd>
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
              <a href={`${PATH}?confirm=regenerate&device=${device.id}`} class={SECONDARY}>
                Regenerate key
              </a>
            )}
            {mayRevoke && (
              <a
                href={`${PATH}?confirm=revoke&device=${device.id}`}
                class={`${SECONDARY} text-red-700`}
              >
                Revoke
              </a>
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
          <time
            dateTime={device.lastErrorAt.toISOString()}
            title={formatDateTime(device.lastErrorAt, timeZone)}
          >
            {formatRelative(device.lastErrorAt)}
          </time>: {device.lastError}
        </p>
      )}
    </li>
  );
}

function Confirmation({ action, device }: NonNullable<PageState["confirm"]>) {
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
        action={`${PATH}/${device.id}/${action}`}
        class="mt-4 flex flex-wrap gap-3"
      >
        <button type="submit" class={DANGER}>
          {regenerate ? "Regenerate key" : "Revoke device"}
        </button>
        <a href={PATH} class={SECONDARY}>Cancel</a>
      </form>
    </section>
  );
}

async function render(c: Context<AppEnv>, state: PageState = {}) {
  const { deps, principal } = c.var;
  const me = await loadStaffContext(deps, principal);
  const access = me.access!;
  const timeZone = me.clinic?.timeZone ?? "Asia/Karachi";
  const [devices, operatories] = await Promise.all([
    listDevices(deps.db, access.clinicId, timeZone),
    listOperatories(deps.db, access.clinicId),
  ]);
  const confirmId = c.req.query("device");
  const confirmAction = c.req.query("confirm");
  const confirm = state.confirm ??
    ((confirmAction === "regenerate" || confirmAction === "revoke") && confirmId
      ? (() => {
        const device = devices.find((d) => d.id === confirmId && !d.revokedAt);
        return device ? { action: confirmAction, device } : undefined;
      })()
      : undefined);
  const mayCreate = can(access, "bridge.devices.create");
  const notice = state.notice ?? (c.req.query("notice") === "revoked" ? "Device revoked." : null);
  return renderDocument(
    <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current={PATH}>
      {mayOpen(PAGE_ACCESS.settings, access) && (
        <a
          href="/settings"
          class="mb-4 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-900"
        >
          <Icon name="arrowLeft" class="h-4 w-4" />
          Settings
        </a>
      )}
      <PageHeader
        title="Bridge devices"
        subtitle="Chairside PCs that upload X-ray captures from the sensor's output folder."
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      {state.issued && <KeyBox {...state.issued} />}
      {confirm && <Confirmation {...confirm} />}
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
                  mayRegenerate={can(access, "bridge.keys.regenerate")}
                  mayRevoke={can(access, "bridge.devices.revoke")}
                />
              ))}
            </ul>
          )}
      </Card>
      {mayCreate && (
        operatories.some((o) => o.active)
          ? (
            <RegisterForm
              operatories={operatories}
              values={state.form?.values ?? {}}
              error={state.form?.error}
            />
          )
          : <Notice tone="info">Add an operatory first: every device belongs to one.</Notice>
      )}
    </AppShell>,
    { title: "Bridge devices" },
  );
}

function text(form: Record<string, unknown>, key: string): string {
  const value = form[key];
  return typeof value === "string" ? value : "";
}

const guard = [staffPage, pageRequiresModule(BRIDGE_MODULE)] as const;

export const bridgeDeviceRoutes = new Hono<AppEnv>()
  .get(PATH, ...guard, pageAllows(PAGE_ACCESS.bridgeDevices), async (c) => c.html(await render(c)))
  .post(PATH, ...guard, pageRequires("bridge.devices.create"), async (c) => {
    const form = await c.req.parseBody();
    const values = {
      name: text(form, "name"),
      operatoryId: text(form, "operatoryId"),
      category: text(form, "category"),
      filenamePattern: text(form, "filenamePattern"),
    };
    const category = CAPTURE_CATEGORIES.find((k) => k === values.category) ?? null;
    try {
      if (!values.name.trim() || values.name.trim().length > 80) {
        throw new AppError(
          400,
          "VALIDATION_FAILED",
          "Give the device a name (up to 80 characters).",
        );
      }
      const { device, apiKey } = await registerDevice(c.var.deps.db, {
        clinicId: c.var.access!.clinicId,
        name: values.name,
        operatoryId: values.operatoryId,
        category,
        filenamePattern: values.filenamePattern || null,
        actorId: c.var.principal.userId,
      });
      return c.html(await render(c, { issued: { deviceName: device.name, apiKey } }), 201);
    } catch (error) {
      if (!(error instanceof AppError) || ![400, 404].includes(error.status)) throw error;
      return c.html(await render(c, { form: { values, error: error.message } }), 400);
    }
  })
  .post(`${PATH}/:id/regenerate`, ...guard, pageRequires("bridge.keys.regenerate"), async (c) => {
    const { device, apiKey } = await regenerateDeviceKey(c.var.deps.db, {
      clinicId: c.var.access!.clinicId,
      deviceId: c.req.param("id"),
      actorId: c.var.principal.userId,
    });
    return c.html(await render(c, { issued: { deviceName: device.name, apiKey } }));
  })
  .post(`${PATH}/:id/revoke`, ...guard, pageRequires("bridge.devices.revoke"), async (c) => {
    await revokeDevice(c.var.deps.db, {
      clinicId: c.var.access!.clinicId,
      deviceId: c.req.param("id"),
      actorId: c.var.principal.userId,
    });
    return c.redirect(`${PATH}?notice=revoked`, 303);
  });
