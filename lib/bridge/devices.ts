/**
 * Bridge devices (release notes, "Bridge Desktop Application"): registered
 * from Settings → Bridge Devices, each with its own API key that is shown
 * once. Regenerating replaces the stored hash, so the old key fails on its
 * very next request; revoking keeps the device's history but refuses it.
 */
import { and, asc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import {
  bridgeDevices,
  type CaptureCategory,
  clinics,
  operatories,
  xrayCaptures,
} from "../db/schema.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError, forbidden, notFound, unauthorized } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { getOperatory } from "../appointments/operatories.ts";
import { fromWallClock, localDateOf } from "../time/zoned.ts";
import { isPlanId } from "../permissions/features.ts";
import { loadClinicModules } from "../permissions/access.ts";
import { generateDeviceKey, hashDeviceKey, looksLikeDeviceKey } from "./device-keys.ts";
import { filenamePatternProblem } from "./filename-pattern.ts";

export const BRIDGE_MODULE = "bridge";

export type BridgeDevice = typeof bridgeDevices.$inferSelect;

export interface DeviceSummary {
  id: string;
  name: string;
  operatoryId: string | null;
  operatoryName: string | null;
  category: CaptureCategory | null;
  filenamePattern: string | null;
  keyPrefix: string;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  lastVersion: string | null;
  /** Captures waiting on the bridge at its last heartbeat. */
  queueLength: number | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Not heard from for three heartbeat intervals (or never); false for revoked devices. */
  offline: boolean;
  capturesToday: number;
  createdAt: Date;
}

/** Bridges older than the heartbeat interval report none; theirs is the default, 60 s. */
export const DEFAULT_HEARTBEAT_SECONDS = 60;
const MISSED_HEARTBEATS_OFFLINE = 3;

/** True when a device has not called in for three of its heartbeat intervals. */
export function isOffline(
  device: Pick<BridgeDevice, "lastSeenAt" | "heartbeatIntervalSeconds" | "revokedAt">,
  now: Date,
): boolean {
  if (device.revokedAt) return false;
  if (!device.lastSeenAt) return true;
  const interval = device.heartbeatIntervalSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
  return now.getTime() - device.lastSeenAt.getTime() >
    MISSED_HEARTBEATS_OFFLINE * interval * 1000;
}

export interface RegisterDeviceInput {
  clinicId: string;
  name: string;
  operatoryId: string;
  category?: CaptureCategory | null;
  filenamePattern?: string | null;
  actorId: string;
}

function log(
  db: Db,
  clinicId: string,
  actorId: string | null,
  action: string,
  deviceId: string,
  details: Record<string, unknown> = {},
) {
  return recordActivity(db, {
    clinicId,
    actorId,
    action,
    entityType: "bridge_device",
    entityId: deviceId,
    details,
  });
}

export async function registerDevice(
  db: Db,
  input: RegisterDeviceInput,
): Promise<{ device: BridgeDevice; apiKey: string }> {
  const pattern = input.filenamePattern?.trim() || null;
  const problem = pattern ? filenamePatternProblem(pattern) : null;
  if (problem) {
    throw new AppError(400, "VALIDATION_FAILED", `filenamePattern: ${problem}`, {
      issues: [{ path: "filenamePattern", message: problem }],
    });
  }
  const operatory = await getOperatory(db, input.clinicId, input.operatoryId);
  const key = await generateDeviceKey();
  return await db.transaction(async (tx) => {
    const [device] = await tx.insert(bridgeDevices).values({
      clinicId: input.clinicId,
      name: input.name.trim(),
      operatoryId: operatory.id,
      category: input.category ?? null,
      filenamePattern: pattern,
      keyHash: key.hash,
      keyPrefix: key.prefix,
      createdBy: input.actorId,
    }).returning();
    await log(tx, input.clinicId, input.actorId, "bridge.device.registered", device.id, {
      name: device.name,
    });
    return { device, apiKey: key.apiKey };
  });
}

/** The clinic's device, or 404: another clinic's id reads as missing. */
export async function getDevice(db: Db, clinicId: string, deviceId: string): Promise<BridgeDevice> {
  if (!isUuid(deviceId)) throw notFound("Device not found");
  const [device] = await db.select().from(bridgeDevices)
    .where(and(eq(bridgeDevices.clinicId, clinicId), eq(bridgeDevices.id, deviceId)));
  if (!device) throw notFound("Device not found");
  return device;
}

/** Every device of the clinic, with what the settings list shows; "today" is the clinic's day. */
export async function listDevices(
  db: Db,
  clinicId: string,
  timeZone: string,
  now = new Date(),
): Promise<DeviceSummary[]> {
  const startOfDay = fromWallClock(localDateOf(now, timeZone), 0, timeZone);
  const today = db.select({
    deviceId: xrayCaptures.deviceId,
    count: sql<number>`count(*)::int`.as("count"),
  }).from(xrayCaptures)
    .where(and(eq(xrayCaptures.clinicId, clinicId), gte(xrayCaptures.createdAt, startOfDay)))
    .groupBy(xrayCaptures.deviceId)
    .as("today");
  const rows = await db.select({
    device: bridgeDevices,
    operatoryName: operatories.name,
    capturesToday: sql<number>`coalesce(${today.count}, 0)`,
  }).from(bridgeDevices)
    .leftJoin(operatories, eq(operatories.id, bridgeDevices.operatoryId))
    .leftJoin(today, eq(today.deviceId, bridgeDevices.id))
    .where(eq(bridgeDevices.clinicId, clinicId))
    .orderBy(sql`${bridgeDevices.revokedAt} is not null`, asc(bridgeDevices.createdAt));
  return rows.map(({ device, operatoryName, capturesToday }) => ({
    id: device.id,
    name: device.name,
    operatoryId: device.operatoryId,
    operatoryName,
    category: device.category,
    filenamePattern: device.filenamePattern,
    keyPrefix: device.keyPrefix,
    revokedAt: device.revokedAt,
    lastSeenAt: device.lastSeenAt,
    lastVersion: device.lastVersion,
    queueLength: device.lastQueueLength,
    lastError: device.lastError,
    lastErrorAt: device.lastErrorAt,
    offline: isOffline(device, now),
    capturesToday: Number(capturesToday),
    createdAt: device.createdAt,
  }));
}

/** A new key for the device; the previous one stops working as this commits. */
export async function regenerateDeviceKey(
  db: Db,
  input: { clinicId: string; deviceId: string; actorId: string },
): Promise<{ device: BridgeDevice; apiKey: string }> {
  const key = await generateDeviceKey();
  return await db.transaction(async (tx) => {
    const device = await getDevice(tx, input.clinicId, input.deviceId);
    if (device.revokedAt) {
      throw new AppError(409, "DEVICE_REVOKED", "This device is revoked; register a new one");
    }
    const [updated] = await tx.update(bridgeDevices)
      .set({ keyHash: key.hash, keyPrefix: key.prefix })
      .where(eq(bridgeDevices.id, device.id))
      .returning();
    await log(tx, input.clinicId, input.actorId, "bridge.device.key_regenerated", device.id);
    return { device: updated, apiKey: key.apiKey };
  });
}

export async function revokeDevice(
  db: Db,
  input: { clinicId: string; deviceId: string; actorId: string; now?: Date },
): Promise<BridgeDevice> {
  return await db.transaction(async (tx) => {
    const device = await getDevice(tx, input.clinicId, input.deviceId);
    if (device.revokedAt) return device;
    const [updated] = await tx.update(bridgeDevices)
      .set({ revokedAt: input.now ?? new Date() })
      .where(and(eq(bridgeDevices.id, device.id), isNull(bridgeDevices.revokedAt)))
      .returning();
    await log(tx, input.clinicId, input.actorId, "bridge.device.revoked", device.id);
    return updated ?? device;
  });
}

export interface AuthenticatedDevice {
  device: BridgeDevice;
  clinic: { id: string; name: string; timeZone: string };
}

/**
 * The device an `Authorization: Bearer odxb_…` header belongs to, refused when
 * the key is unknown (401), the device revoked (403) or the clinic no longer
 * has the Bridge module (403). Every accepted call counts as "last seen".
 */
export async function authenticateDevice(
  db: Db,
  authorization: string | undefined,
  now = new Date(),
): Promise<AuthenticatedDevice> {
  const apiKey = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1] ?? "";
  const invalid = unauthorized("INVALID_DEVICE_KEY", "Unknown or replaced device key");
  if (!looksLikeDeviceKey(apiKey)) throw invalid;
  const [row] = await db.select({
    device: bridgeDevices,
    clinic: {
      id: clinics.id,
      name: clinics.name,
      timeZone: clinics.timeZone,
      planId: clinics.planId,
    },
  }).from(bridgeDevices)
    .innerJoin(clinics, eq(clinics.id, bridgeDevices.clinicId))
    .where(eq(bridgeDevices.keyHash, await hashDeviceKey(apiKey)));
  if (!row) throw invalid;
  if (row.device.revokedAt) {
    throw forbidden("DEVICE_REVOKED", "This device has been revoked in Settings → Bridge Devices");
  }
  const modules = await loadClinicModules(
    db,
    row.clinic.id,
    isPlanId(row.clinic.planId) ? row.clinic.planId : "free",
  );
  if (!modules.has(BRIDGE_MODULE)) {
    throw forbidden("MODULE_DISABLED", `Module '${BRIDGE_MODULE}' is not enabled for this clinic`, {
      module: BRIDGE_MODULE,
    });
  }
  await db.update(bridgeDevices).set({ lastSeenAt: now }).where(
    eq(bridgeDevices.id, row.device.id),
  );
  const { planId: _plan, ...clinic } = row.clinic;
  return { device: { ...row.device, lastSeenAt: now }, clinic };
}

export interface Heartbeat {
  version: string;
  queueLength: number;
  lastError?: string | null;
  /** When the bridge saw `lastError` (its own clock). */
  lastErrorAt?: string | null;
  heartbeatIntervalSeconds?: number | null;
}

/**
 * Keeps what the devices list shows: version, queue length, the last error
 * and how often the bridge calls in. An error's time is the bridge's when it
 * sent one (never later than now: its clock may run ahead), else the time
 * this heartbeat first carried that message; no error clears both.
 */
export async function recordHeartbeat(
  db: Db,
  device: BridgeDevice,
  heartbeat: Heartbeat,
  now = new Date(),
) {
  const lastError = heartbeat.lastError?.trim().slice(0, 2000) || null;
  let lastErrorAt: Date | null = null;
  if (lastError) {
    const reported = heartbeat.lastErrorAt ? new Date(heartbeat.lastErrorAt) : null;
    lastErrorAt = reported && !Number.isNaN(reported.getTime())
      ? new Date(Math.min(reported.getTime(), now.getTime()))
      : device.lastError === lastError && device.lastErrorAt
      ? device.lastErrorAt
      : now;
  }
  const interval = heartbeat.heartbeatIntervalSeconds;
  await db.update(bridgeDevices).set({
    lastVersion: heartbeat.version.slice(0, 40),
    lastQueueLength: heartbeat.queueLength,
    lastError,
    lastErrorAt,
    ...(interval
      ? { heartbeatIntervalSeconds: Math.min(3600, Math.max(1, Math.ceil(interval))) }
      : {}),
  }).where(eq(bridgeDevices.id, device.id));
}
