/**
 * The X-Ray Bridge API: device management for staff (Settings → Bridge
 * Devices), and the two calls a chairside bridge makes with its own key,
 * capture upload and heartbeat.
 *
 * Device calls carry no session: they are declared `publicRoute()` and then
 * authenticated by `deviceKey()`, which runs before any body is read, so a
 * wrong key is a 401 whatever the body looks like.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import {
  publicRoute,
  requireModule,
  requirePermission,
} from "../../../lib/permissions/route-policy.ts";
import { badRequest } from "../../../lib/errors.ts";
import { CAPTURE_CATEGORIES } from "../../../lib/radiology/categories.ts";
import {
  type AuthenticatedDevice,
  authenticateDevice,
  BRIDGE_MODULE,
  listDevices,
  recordHeartbeat,
  regenerateDeviceKey,
  registerDevice,
  revokeDevice,
} from "../../../lib/bridge/devices.ts";
import { MAX_PATTERN_LENGTH } from "../../../lib/bridge/filename-pattern.ts";
import { clinicTimeZone } from "../../../lib/time/clinic-zone.ts";
import { ingestCapture } from "../../../lib/captures/ingest.ts";

const registerBody = z.object({
  name: z.string().trim().min(1, "name is required").max(80),
  operatoryId: z.string().min(1, "operatoryId is required"),
  category: z.enum(CAPTURE_CATEGORIES).nullable().optional(),
  filenamePattern: z.string().trim().max(MAX_PATTERN_LENGTH).nullable().optional(),
}).strict();

const heartbeatBody = z.object({
  version: z.string().trim().min(1).max(40),
  queueLength: z.number().int().min(0).max(1_000_000_000),
  lastError: z.string().max(2000).nullable().optional(),
  lastErrorAt: z.iso.datetime({ offset: true }).nullable().optional(),
  heartbeatIntervalSeconds: z.number().min(0.1).max(3600).nullable().optional(),
});

const SHA256 = /^[0-9a-fA-F]{64}$/;

const authenticated = new WeakMap<Request, AuthenticatedDevice>();

/** `Authorization: Bearer odxb_…`; refuses unknown (401), revoked (403) and module-less (403) keys. */
function deviceKey(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    authenticated.set(
      c.req.raw,
      await authenticateDevice(c.var.deps.db, c.req.header("authorization")),
    );
    await next();
  };
}

const deviceOf = (c: Context<AppEnv>) => authenticated.get(c.req.raw)!;

/** Header values are ByteStrings; bridges percent-encode names with other characters. */
function fileNameFrom(raw: string | undefined): string {
  if (!raw?.trim()) throw badRequest("X-File-Name is required");
  let name = raw.trim();
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded after all: keep it as sent.
  }
  // Control characters would end up in logs and Content-Disposition headers.
  // deno-lint-ignore no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f]/g, "").slice(0, 255);
  if (!base) throw badRequest("X-File-Name is not a file name");
  return base;
}

function capturedAtFrom(raw: string | undefined, now: Date): Date {
  if (!raw) return now;
  const date = new Date(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || Number.isNaN(date.getTime())) {
    throw badRequest("X-Captured-At must be an ISO 8601 date-time");
  }
  return date;
}

function declaredSize(raw: string | undefined): number | null {
  if (!raw || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

export const bridgeApi = new Hono<AppEnv>()
  .get(
    "/devices",
    requireModule(BRIDGE_MODULE),
    requirePermission("bridge.devices.view"),
    async (c) => {
      const { db } = c.var.deps;
      const timeZone = await clinicTimeZone(db, c.var.clinicId);
      const devices = await listDevices(db, c.var.clinicId, timeZone);
      return c.json({ devices });
    },
  )
  .post(
    "/devices",
    requireModule(BRIDGE_MODULE),
    requirePermission("bridge.devices.create"),
    jsonBody(registerBody),
    async (c) => {
      const body = c.req.valid("json");
      const { device, apiKey } = await registerDevice(c.var.deps.db, {
        clinicId: c.var.clinicId,
        name: body.name,
        operatoryId: body.operatoryId,
        category: body.category ?? null,
        filenamePattern: body.filenamePattern ?? null,
        actorId: c.var.principal.userId,
      });
      return c.json({ id: device.id, apiKey }, 201);
    },
  )
  .post(
    "/devices/:id/regenerate",
    requireModule(BRIDGE_MODULE),
    requirePermission("bridge.keys.regenerate"),
    async (c) => {
      const { device, apiKey } = await regenerateDeviceKey(c.var.deps.db, {
        clinicId: c.var.clinicId,
        deviceId: c.req.param("id"),
        actorId: c.var.principal.userId,
      });
      return c.json({ id: device.id, apiKey });
    },
  )
  .delete(
    "/devices/:id",
    requireModule(BRIDGE_MODULE),
    requirePermission("bridge.devices.revoke"),
    async (c) => {
      const device = await revokeDevice(c.var.deps.db, {
        clinicId: c.var.clinicId,
        deviceId: c.req.param("id"),
        actorId: c.var.principal.userId,
      });
      return c.json({ id: device.id, revokedAt: device.revokedAt });
    },
  )
  .post("/captures", publicRoute(), deviceKey(), async (c) => {
    const { db, storage, config } = c.var.deps;
    const sha256 = c.req.header("x-content-sha256")?.trim() ?? "";
    if (!SHA256.test(sha256)) {
      throw badRequest("X-Content-SHA256 must be the file's SHA-256 in hex");
    }
    const { capture, duplicate } = await ingestCapture(db, storage, deviceOf(c), {
      body: c.req.raw.body,
      declaredSize: declaredSize(c.req.header("content-length")),
      fileName: fileNameFrom(c.req.header("x-file-name")),
      capturedAt: capturedAtFrom(c.req.header("x-captured-at"), new Date()),
      sha256: sha256.toLowerCase(),
      maxBytes: config.captureMaxBytes,
    });
    return c.json({
      id: capture.id,
      patientId: capture.patientId,
      status: capture.patientId ? "assigned" : "unassigned",
      duplicate,
    }, duplicate ? 200 : 201);
  })
  .post("/heartbeat", publicRoute(), deviceKey(), jsonBody(heartbeatBody), async (c) => {
    const source = deviceOf(c);
    await recordHeartbeat(c.var.deps.db, source.device, c.req.valid("json"));
    return c.json({ ok: true, deviceName: source.device.name, clinicName: source.clinic.name });
  });
