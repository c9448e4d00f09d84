/**
 * The link a clinic gives its lab: `/lab/shared/<token>`, opened without an
 * account. The token is 32 random bytes and an HMAC of them under a key
 * derived from `ENCRYPTION_KEY`, so a tampered or invented token is refused
 * before any database read; only the SHA-256 of the random part is stored,
 * so a database leak hands out no working link. A link is valid until its
 * expiry and can be revoked at once.
 *
 * The page has no session for CSRF protection to lean on, so each rendered
 * page carries a form token (an HMAC over the link and the time it was
 * issued) that its forms must send back.
 *
 * @example
 * ```ts
 * const { token } = await createCaseLink(db, secret, { clinicId, caseId, actorId, days: 30 });
 * const shared = await openCaseLink(db, secret, token); // throws LinkProblem when not usable
 * ```
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { labCaseLinks, labCases, labs } from "../db/schema.ts";
import { AppError, notFound } from "../errors.ts";
import { isUuid } from "../ids.ts";
import { base64UrlEncode } from "../appointment-tokens.ts";
import { sha256Hex } from "../bytes.ts";
import { lockCase } from "./cases.ts";
import { recordCaseChange } from "./timeline.ts";

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();
const SECRET_BYTES = 32;
/** How long a rendered shared page's forms stay usable. */
export const FORM_TOKEN_TTL_SECONDS = 4 * 60 * 60;
export const MAX_LINK_DAYS = 365;

function signingKey(encryptionKey: string): Promise<CryptoKey> {
  let key = keys.get(encryptionKey);
  if (!key) {
    key = crypto.subtle.digest("SHA-256", encoder.encode("lab-link-v1:" + encryptionKey))
      .then((digest) =>
        crypto.subtle.importKey("raw", digest, { name: "HMAC", hash: "SHA-256" }, false, [
          "sign",
          "verify",
        ])
      );
    keys.set(encryptionKey, key);
  }
  return key;
}

async function sign(encryptionKey: string, text: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    "HMAC",
    await signingKey(encryptionKey),
    encoder.encode(text),
  );
  return base64UrlEncode(new Uint8Array(mac));
}

/** Equal-length strings compared without an early exit. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Why a link cannot be used, for the page the lab sees. */
export class LinkProblem extends AppError {
  constructor(readonly reason: "invalid" | "expired" | "revoked") {
    super(
      reason === "invalid" ? 404 : 410,
      reason === "invalid"
        ? "LINK_INVALID"
        : reason === "expired"
        ? "LINK_EXPIRED"
        : "LINK_REVOKED",
      reason === "invalid"
        ? "This link is not valid"
        : reason === "expired"
        ? "This link has expired"
        : "This link has been revoked",
    );
  }
}

export async function createCaseLink(
  db: Db,
  encryptionKey: string,
  input: { clinicId: string; caseId: string; actorId: string; expiresAt: Date; now?: Date },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  if (input.expiresAt <= now) {
    throw new AppError(400, "VALIDATION_FAILED", "The expiry must be in the future", {
      field: "expiresAt",
    });
  }
  if (input.expiresAt.getTime() - now.getTime() > MAX_LINK_DAYS * 86_400_000) {
    throw new AppError(400, "VALIDATION_FAILED", `A link lasts at most ${MAX_LINK_DAYS} days`, {
      field: "expiresAt",
    });
  }
  const secret = base64UrlEncode(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
  const token = `${secret}.${await sign(encryptionKey, `link:${secret}`)}`;
  return await db.transaction(async (tx) => {
    const kase = await lockCase(tx, input.clinicId, input.caseId);
    if (kase.status === "cancelled") {
      throw new AppError(409, "CASE_CANCELLED", "A cancelled case cannot be shared");
    }
    const [link] = await tx.insert(labCaseLinks).values({
      clinicId: input.clinicId,
      caseId: kase.id,
      secretHash: await sha256Hex(secret),
      expiresAt: input.expiresAt,
      createdBy: input.actorId,
    }).returning();
    await recordCaseChange(tx, {
      kase,
      actor: { kind: "staff", userId: input.actorId },
      kind: "link_created",
      note: `Shared link valid until ${input.expiresAt.toISOString().slice(0, 10)}`,
    });
    return { id: link.id, token, expiresAt: link.expiresAt };
  });
}

export async function revokeCaseLink(
  db: Db,
  input: { clinicId: string; caseId: string; linkId: string; actorId: string; now?: Date },
): Promise<void> {
  if (!isUuid(input.linkId)) throw notFound("Link not found");
  await db.transaction(async (tx) => {
    const kase = await lockCase(tx, input.clinicId, input.caseId);
    const [link] = await tx.update(labCaseLinks)
      .set({ revokedAt: input.now ?? new Date() })
      .where(and(
        eq(labCaseLinks.clinicId, input.clinicId),
        eq(labCaseLinks.caseId, kase.id),
        eq(labCaseLinks.id, input.linkId),
      ))
      .returning();
    if (!link) throw notFound("Link not found");
    await recordCaseChange(tx, {
      kase,
      actor: { kind: "staff", userId: input.actorId },
      kind: "link_revoked",
    });
  });
}

export interface OpenedLink {
  linkId: string;
  clinicId: string;
  caseId: string;
  labName: string;
  expiresAt: Date;
}

/** The link a token names, when it may still be used; `LinkProblem` otherwise. */
export async function openCaseLink(
  db: Db,
  encryptionKey: string,
  token: string,
  now = new Date(),
): Promise<OpenedLink> {
  const [secret, signature, extra] = token.split(".");
  if (!secret || !signature || extra !== undefined || secret.length > 64) {
    throw new LinkProblem("invalid");
  }
  if (!sameText(signature, await sign(encryptionKey, `link:${secret}`))) {
    throw new LinkProblem("invalid");
  }
  const [row] = await db.select({
    id: labCaseLinks.id,
    clinicId: labCaseLinks.clinicId,
    caseId: labCaseLinks.caseId,
    expiresAt: labCaseLinks.expiresAt,
    revokedAt: labCaseLinks.revokedAt,
    labName: labs.name,
  }).from(labCaseLinks)
    .innerJoin(labCases, eq(labCases.id, labCaseLinks.caseId))
    .innerJoin(labs, eq(labs.id, labCases.labId))
    .where(eq(labCaseLinks.secretHash, await sha256Hex(secret)));
  if (!row) throw new LinkProblem("invalid");
  if (row.revokedAt) throw new LinkProblem("revoked");
  if (row.expiresAt <= now) throw new LinkProblem("expired");
  await db.update(labCaseLinks).set({ lastUsedAt: now }).where(eq(labCaseLinks.id, row.id));
  return {
    linkId: row.id,
    clinicId: row.clinicId,
    caseId: row.caseId,
    labName: row.labName,
    expiresAt: row.expiresAt,
  };
}

export async function issueFormToken(
  encryptionKey: string,
  linkId: string,
  now = new Date(),
): Promise<string> {
  const issued = Math.floor(now.getTime() / 1000);
  return `${issued}.${await sign(encryptionKey, `form:${linkId}:${issued}`)}`;
}

/** Refuses a form not rendered from this link's page within the last few hours. */
export async function checkFormToken(
  encryptionKey: string,
  linkId: string,
  formToken: string | undefined,
  now = new Date(),
): Promise<void> {
  const refused = new AppError(
    403,
    "FORM_EXPIRED",
    "This form has expired or did not come from this page; reload the page and try again",
  );
  const [issuedText, signature] = (formToken ?? "").split(".");
  const issued = Number(issuedText);
  if (!Number.isInteger(issued) || !signature) throw refused;
  const age = Math.floor(now.getTime() / 1000) - issued;
  if (age < -60 || age > FORM_TOKEN_TTL_SECONDS) throw refused;
  if (!sameText(signature, await sign(encryptionKey, `form:${linkId}:${issued}`))) throw refused;
}
