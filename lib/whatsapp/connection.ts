/**
 * A clinic's own WhatsApp Business number: its credentials, sealed at rest
 * with the credentials key of lib/crypto/phi.ts, and its state. Nothing here
 * returns a token or secret: views carry `••••` and the last four
 * characters, and a form that sends a masked value back keeps the stored one.
 *
 * WhatsApp stays silent for a clinic until both the `whatsapp_api` module is
 * on (a superadmin's switch) and a number is connected; `activeConnection`
 * is the one check every sender makes.
 *
 * @example
 * ```ts
 * const view = await connectionView(db, appUrl, clinicId);
 * await saveConnection(db, deps, { clinicId, actorId, fields });
 * const live = await activeConnection(db, clinicId); // null: send nothing
 * ```
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import {
  activityLog,
  clinics,
  whatsappConnections,
  type WhatsappConnectionState,
  whatsappMessages,
} from "../db/schema.ts";
import { decryptPhi, encryptPhi } from "../crypto/phi.ts";
import { AppError } from "../errors.ts";
import { loadClinicModules } from "../permissions/access.ts";
import type { PlanId } from "../permissions/features.ts";
import {
  fetchPhoneNumber,
  type GraphEndpoint,
  GraphError,
  type PhoneNumberInfo,
} from "./graph-client.ts";
import {
  TEMPLATE_KIND_KEYS,
  type TemplateChoices,
  templateChoices,
  templateLanguage,
  templateName,
} from "./templates.ts";

export const WHATSAPP_MODULE = "whatsapp_api";
export const MASK = "••••";

type ConnectionRow = typeof whatsappConnections.$inferSelect;

export function maskSecret(last4: string | null): string | null {
  return last4 === null ? null : `${MASK}${last4}`;
}

const isMasked = (value: string) => value.startsWith(MASK);

export function graphEndpoint(config: Pick<Config, "whatsapp">): GraphEndpoint {
  return { baseUrl: config.whatsapp.graphBaseUrl, version: config.whatsapp.graphVersion };
}

function newWebhookId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The clinic's row, created (with its webhook id) the first time anyone looks. */
export async function connectionRow(db: Db, clinicId: string): Promise<ConnectionRow> {
  const [existing] = await db.select().from(whatsappConnections)
    .where(eq(whatsappConnections.clinicId, clinicId));
  if (existing) return existing;
  await db.insert(whatsappConnections).values({ clinicId, webhookId: newWebhookId() })
    .onConflictDoNothing({ target: whatsappConnections.clinicId });
  const [row] = await db.select().from(whatsappConnections)
    .where(eq(whatsappConnections.clinicId, clinicId));
  return row;
}

export interface ConnectionView {
  connected: boolean;
  state: WhatsappConnectionState;
  webhookUrl: string;
  phoneNumberId: string | null;
  businessAccountId: string | null;
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  qualityRating: string | null;
  accessToken: string | null;
  verifyToken: string | null;
  appSecret: string | null;
  connectedAt: Date | null;
  failingSince: Date | null;
  lastError: string | null;
  templates: TemplateChoices;
}

export function webhookUrl(appUrl: string, webhookId: string): string {
  return `${appUrl}/api/v1/whatsapp/webhook/${webhookId}`;
}

export async function connectionView(
  db: Db,
  appUrl: string,
  clinicId: string,
): Promise<ConnectionView> {
  const row = await connectionRow(db, clinicId);
  return {
    connected: row.state !== "disconnected",
    state: row.state,
    webhookUrl: webhookUrl(appUrl, row.webhookId),
    phoneNumberId: row.phoneNumberId,
    businessAccountId: row.businessAccountId,
    displayPhoneNumber: row.displayPhoneNumber,
    verifiedName: row.verifiedName,
    qualityRating: row.qualityRating,
    accessToken: maskSecret(row.accessTokenLast4),
    verifyToken: maskSecret(row.verifyTokenLast4),
    appSecret: maskSecret(row.appSecretLast4),
    connectedAt: row.connectedAt,
    failingSince: row.failingSince,
    lastError: row.lastError,
    templates: templateChoices(row.templates),
  };
}

const digits = (label: string) =>
  z.string().trim().regex(/^[0-9]{5,32}$/, `${label} is the number Meta shows (digits only)`);
const secret = (label: string) =>
  z.string().trim().min(8, `${label} is required`).max(1024, `${label} is too long`)
    .refine((value) => !/\s/.test(value), `${label} has no spaces`);

export const connectionFields = z.object({
  phoneNumberId: digits("Phone number ID"),
  businessAccountId: digits("WhatsApp Business account ID").or(z.literal("")).optional(),
  accessToken: secret("Access token"),
  verifyToken: secret("Webhook verify token"),
  appSecret: secret("App secret"),
});
export type ConnectionFields = z.infer<typeof connectionFields>;

export const templateFields = z.object(
  Object.fromEntries(
    TEMPLATE_KIND_KEYS.map((kind) => [
      kind,
      z.object({ name: templateName, language: templateLanguage }).strict(),
    ]),
  ),
).partial().strict();

interface Effective {
  phoneNumberId: string;
  businessAccountId: string | null;
  accessToken: string;
  verifyToken: string;
  appSecret: string;
}

/** The entered values, with each masked one replaced by the stored secret it stands for. */
async function effectiveValues(
  encryptionKey: string,
  row: ConnectionRow,
  fields: ConnectionFields,
): Promise<Effective> {
  const open = async (
    value: string,
    sealed: string | null,
    field: keyof ConnectionFields,
    label: string,
  ) => {
    if (!isMasked(value)) return value;
    if (!sealed) {
      throw new AppError(400, "VALIDATION_FAILED", `Enter the ${label}`, {
        fields: { [field]: `Enter the ${label}` },
      });
    }
    return await decryptPhi(encryptionKey, sealed, "credentials");
  };
  return {
    phoneNumberId: fields.phoneNumberId,
    businessAccountId: fields.businessAccountId || null,
    accessToken: await open(fields.accessToken, row.accessTokenEnc, "accessToken", "access token"),
    verifyToken: await open(
      fields.verifyToken,
      row.verifyTokenEnc,
      "verifyToken",
      "webhook verify token",
    ),
    appSecret: await open(fields.appSecret, row.appSecretEnc, "appSecret", "app secret"),
  };
}

export type ConnectionTest =
  | ({ ok: true } & PhoneNumberInfo)
  | { ok: false; message: string; code: number | null };

async function probe(
  config: Pick<Config, "whatsapp">,
  values: Pick<Effective, "phoneNumberId" | "accessToken">,
): Promise<ConnectionTest> {
  try {
    return { ok: true, ...await fetchPhoneNumber(graphEndpoint(config), values) };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return { ok: false, message: error.message, code: error.code };
  }
}

interface ConnectionDeps {
  db: Db;
  config: Pick<Config, "encryptionKey" | "whatsapp">;
}

/** "Test connection": asks Meta with the entered values; writes nothing. */
export async function testConnection(
  deps: ConnectionDeps,
  clinicId: string,
  fields: ConnectionFields,
): Promise<ConnectionTest> {
  const row = await connectionRow(deps.db, clinicId);
  return await probe(deps.config, await effectiveValues(deps.config.encryptionKey, row, fields));
}

const last4 = (value: string) => value.slice(-4);

/**
 * Stores the credentials (masked fields keep their stored value) and asks
 * Meta for the number's display name, so the page shows what is connected;
 * a number Meta refuses is saved as failing with Meta's message.
 */
export async function saveConnection(
  deps: ConnectionDeps,
  input: { clinicId: string; actorId: string; fields: ConnectionFields; now?: Date },
): Promise<{ view: ConnectionTest }> {
  const { db, config } = deps;
  const now = input.now ?? new Date();
  const row = await connectionRow(db, input.clinicId);
  const values = await effectiveValues(config.encryptionKey, row, input.fields);
  const [taken] = await db.select({ clinicId: whatsappConnections.clinicId })
    .from(whatsappConnections)
    .where(eq(whatsappConnections.phoneNumberId, values.phoneNumberId));
  if (taken && taken.clinicId !== input.clinicId) {
    throw new AppError(
      409,
      "NUMBER_IN_USE",
      "This phone number ID is connected to another clinic",
      {
        fields: { phoneNumberId: "Already connected to another clinic" },
      },
    );
  }
  const result = await probe(config, values);
  const seal = (value: string) => encryptPhi(config.encryptionKey, value, "credentials");
  await db.transaction(async (tx) => {
    await tx.update(whatsappConnections).set({
      phoneNumberId: values.phoneNumberId,
      businessAccountId: values.businessAccountId,
      accessTokenEnc: await seal(values.accessToken),
      accessTokenLast4: last4(values.accessToken),
      verifyTokenEnc: await seal(values.verifyToken),
      verifyTokenLast4: last4(values.verifyToken),
      appSecretEnc: await seal(values.appSecret),
      appSecretLast4: last4(values.appSecret),
      state: result.ok ? "connected" : "failing",
      failingSince: result.ok ? null : now,
      lastError: result.ok ? null : result.message.slice(0, 500),
      ...(result.ok
        ? {
          displayPhoneNumber: result.displayPhoneNumber,
          verifiedName: result.verifiedName,
          qualityRating: result.qualityRating,
        }
        : {}),
      connectedAt: row.state === "disconnected" ? now : row.connectedAt,
      updatedBy: input.actorId,
      updatedAt: now,
    }).where(eq(whatsappConnections.clinicId, input.clinicId));
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: row.state === "disconnected" ? "whatsapp.connected" : "whatsapp.credentials_updated",
      entityType: "whatsapp_connection",
      entityId: input.clinicId,
      // Which number, never which credentials.
      details: { phoneNumberId: values.phoneNumberId, ok: result.ok },
    });
  });
  return { view: result };
}

export async function saveTemplates(
  db: Db,
  input: { clinicId: string; actorId: string; templates: z.infer<typeof templateFields> },
): Promise<TemplateChoices> {
  const row = await connectionRow(db, input.clinicId);
  const merged = { ...templateChoices(row.templates), ...input.templates };
  await db.update(whatsappConnections)
    .set({ templates: merged, updatedBy: input.actorId, updatedAt: new Date() })
    .where(eq(whatsappConnections.clinicId, input.clinicId));
  return templateChoices(merged);
}

/** Deletes the credentials; messages still waiting to go out are cancelled. */
export async function disconnect(db: Db, input: { clinicId: string; actorId: string }) {
  await connectionRow(db, input.clinicId);
  await db.transaction(async (tx) => {
    await tx.update(whatsappConnections).set({
      phoneNumberId: null,
      businessAccountId: null,
      accessTokenEnc: null,
      accessTokenLast4: null,
      verifyTokenEnc: null,
      verifyTokenLast4: null,
      appSecretEnc: null,
      appSecretLast4: null,
      displayPhoneNumber: null,
      verifiedName: null,
      qualityRating: null,
      state: "disconnected",
      failingSince: null,
      lastError: null,
      connectedAt: null,
      updatedBy: input.actorId,
      updatedAt: new Date(),
    }).where(eq(whatsappConnections.clinicId, input.clinicId));
    await tx.update(whatsappMessages).set({ status: "cancelled", nextAttemptAt: null })
      .where(and(
        eq(whatsappMessages.clinicId, input.clinicId),
        inArray(whatsappMessages.status, ["queued", "sending"]),
      ));
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "whatsapp.disconnected",
      entityType: "whatsapp_connection",
      entityId: input.clinicId,
      details: {},
    });
  });
}

export interface OpenConnection {
  clinicId: string;
  state: WhatsappConnectionState;
  phoneNumberId: string;
  accessToken: string;
  templates: TemplateChoices;
}

async function moduleOn(db: Db, clinicId: string): Promise<boolean> {
  const [clinic] = await db.select({ planId: clinics.planId }).from(clinics)
    .where(eq(clinics.id, clinicId));
  if (!clinic) return false;
  return (await loadClinicModules(db, clinicId, clinic.planId as PlanId)).has(WHATSAPP_MODULE);
}

/**
 * The clinic's connection when WhatsApp may be used at all: the module is
 * on and a number is connected. Null means: send nothing, queue nothing.
 */
export async function activeConnectionRow(db: Db, clinicId: string): Promise<ConnectionRow | null> {
  const [row] = await db.select().from(whatsappConnections)
    .where(eq(whatsappConnections.clinicId, clinicId));
  if (!row || row.state === "disconnected" || !row.phoneNumberId) return null;
  return (await moduleOn(db, clinicId)) ? row : null;
}

/** As `activeConnectionRow`, with the access token opened: only the sending job calls this. */
export async function activeConnection(
  db: Db,
  encryptionKey: string,
  clinicId: string,
): Promise<OpenConnection | null> {
  const row = await activeConnectionRow(db, clinicId);
  if (!row?.accessTokenEnc || !row.phoneNumberId) return null;
  return {
    clinicId,
    state: row.state,
    phoneNumberId: row.phoneNumberId,
    accessToken: await decryptPhi(encryptionKey, row.accessTokenEnc, "credentials"),
    templates: templateChoices(row.templates),
  };
}
