/**
 * What the WhatsApp tests share: credentials that must never leak, the
 * module switch, and a connected clinic talking to the Graph stand-in.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../../lib/db/client.ts";
import {
  clinicModules,
  clinics,
  whatsappConnections,
  whatsappMessages,
  whatsappUnreachableNumbers,
  whatsappWebhookEvents,
} from "../../../lib/db/schema.ts";
import { saveConnection } from "../../../lib/whatsapp/connection.ts";
import type { GraphStandIn } from "../../support/graph-stand-in.ts";
import { testConfig } from "../../support/test-app.ts";

export interface Credentials {
  phoneNumberId: string;
  accessToken: string;
  verifyToken: string;
  appSecret: string;
}

export const DEMO_CREDENTIALS: Credentials = {
  phoneNumberId: "106540352242922",
  accessToken: "EAAGtestAccessTokenDemoDental7c1f9",
  verifyToken: "verify-demo-dental-4d2a",
  appSecret: "appsecretdemodental0b7e",
};

export const SECOND_CREDENTIALS: Credentials = {
  phoneNumberId: "209871234509876",
  accessToken: "EAAGtestAccessTokenSecondSmile55aa",
  verifyToken: "verify-second-smile-91ce",
  appSecret: "appsecretsecondsmile3f1d",
};

/** Every value that must never appear in a response body or a log line. */
export const ALL_SECRETS = [DEMO_CREDENTIALS, SECOND_CREDENTIALS].flatMap((c) => [
  c.accessToken,
  c.verifyToken,
  c.appSecret,
]);

export async function clinicIdOf(db: Db, slug: string): Promise<string> {
  const [clinic] = await db.select({ id: clinics.id }).from(clinics).where(eq(clinics.slug, slug));
  return clinic.id;
}

export async function setModule(db: Db, clinicId: string, enabled: boolean | null) {
  await db.delete(clinicModules).where(
    and(eq(clinicModules.clinicId, clinicId), eq(clinicModules.moduleKey, "whatsapp_api")),
  );
  if (enabled !== null) {
    await db.insert(clinicModules).values({
      clinicId,
      moduleKey: "whatsapp_api",
      isEnabled: enabled,
    });
  }
}

/** Module on and the number connected, as the clinic admin would leave it. */
export async function connectClinic(
  db: Db,
  standIn: GraphStandIn,
  clinicId: string,
  credentials: Credentials,
  actorId: string,
) {
  standIn.tokens.set(credentials.phoneNumberId, credentials.accessToken);
  await setModule(db, clinicId, true);
  const config = testConfig({ WHATSAPP_GRAPH_BASE_URL: standIn.baseUrl });
  await saveConnection({ db, config }, {
    clinicId,
    actorId,
    fields: { ...credentials, businessAccountId: "" },
  });
  const [row] = await db.select().from(whatsappConnections)
    .where(eq(whatsappConnections.clinicId, clinicId));
  return row;
}

/** Leaves the clinic as the seed made it: no module, no connection, no messages. */
export async function resetWhatsapp(db: Db, clinicId: string) {
  await setModule(db, clinicId, null);
  await db.delete(whatsappMessages).where(eq(whatsappMessages.clinicId, clinicId));
  await db.delete(whatsappWebhookEvents).where(eq(whatsappWebhookEvents.clinicId, clinicId));
  await db.delete(whatsappUnreachableNumbers).where(
    eq(whatsappUnreachableNumbers.clinicId, clinicId),
  );
  await db.delete(whatsappConnections).where(eq(whatsappConnections.clinicId, clinicId));
}
