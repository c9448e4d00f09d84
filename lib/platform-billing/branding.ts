/**
 * The platform's billing profile: what its invoices say about the seller (legal name, address,
 * NTN, billing email) and its logo.
 *
 * The logo may be a PNG or an SVG. Pages show either; PDFs need a raster image (pdf-lib embeds
 * PNG and JPEG only), so a PNG logo is also the PDF logo, and an SVG logo comes with an optional
 * PNG for PDFs. Until there is one, PDFs print the default OdontoX mark. Files are recognised by
 * their bytes, never by the name or type the browser sent.
 */
import { PDFDocument } from "pdf-lib";
import type { Db } from "../db/client.ts";
import { platformBillingProfile } from "../db/schema/platform-invoices.ts";
import { recordActivity } from "../activity-log.ts";
import { AppError } from "../errors.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { isPng } from "./png.ts";
import { logoCacheFor } from "./logo-cache.ts";

export type BillingProfile = typeof platformBillingProfile.$inferSelect;

export const MAX_PNG_BYTES = 1024 * 1024;
export const MAX_SVG_BYTES = 256 * 1024;

const EMPTY: BillingProfile = {
  id: true,
  legalName: "",
  address: "",
  ntn: "",
  billingEmail: "",
  logoObjectKey: null,
  logoContentType: null,
  pdfLogoObjectKey: null,
  updatedBy: null,
  updatedAt: new Date(0),
};

export async function getBillingProfile(db: Db): Promise<BillingProfile> {
  const [row] = await db.select().from(platformBillingProfile);
  return row ?? EMPTY;
}

export interface BillingDetails {
  legalName: string;
  address: string;
  ntn: string;
  billingEmail: string;
}

export interface LogoUploads {
  /** PNG or SVG, shown on pages (and on PDFs when it is a PNG). */
  logo?: Uint8Array;
  /** PNG for PDFs, for an SVG logo. */
  pdfLogo?: Uint8Array;
}

/** The non-empty files of the branding form. */
export async function logoUploadsOf(form: FormData): Promise<LogoUploads> {
  const read = async (name: string) => {
    const file = form.get(name);
    if (!(file instanceof File) || file.size === 0) return undefined;
    if (file.size > MAX_PNG_BYTES) {
      throw uploadProblem(name, "The file is larger than 1 MB; export a smaller image.");
    }
    return new Uint8Array(await file.arrayBuffer());
  };
  return { logo: await read("logo"), pdfLogo: await read("pdfLogo") };
}

function uploadProblem(field: string, message: string) {
  return new AppError(400, "BAD_LOGO", message, { field });
}

/** Throws unless pdf-lib can draw it, so a PDF never fails on a logo that was accepted. */
async function assertDrawablePng(bytes: Uint8Array, field: string) {
  if (!isPng(bytes)) throw uploadProblem(field, "Upload a PNG file.");
  try {
    await (await PDFDocument.create()).embedPng(bytes);
  } catch {
    throw uploadProblem(field, "That PNG could not be read; export it again.");
  }
}

/** An SVG shown through an <img> tag; scripts would not run there, but refuse them anyway. */
function assertSvg(bytes: Uint8Array, field: string) {
  if (bytes.length > MAX_SVG_BYTES) throw uploadProblem(field, "An SVG logo is limited to 256 KB.");
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i.test(text)) {
    throw uploadProblem(field, "Upload a PNG or an SVG file.");
  }
  if (/<script|\son\w+\s*=|javascript:|<foreignObject/i.test(text)) {
    throw uploadProblem(field, "The SVG contains scripts or embedded HTML; export a plain one.");
  }
}

/** Saves the details and any new logo; old logo objects are removed once the row points away. */
export async function updateBillingProfile(
  deps: { db: Db; storage: ObjectStore },
  input: { details: BillingDetails; uploads: LogoUploads; actorId: string },
): Promise<BillingProfile> {
  const { logo, pdfLogo } = input.uploads;
  const logoIsPng = logo ? isPng(logo) : false;
  if (logo) {
    if (logoIsPng) await assertDrawablePng(logo, "logo");
    else assertSvg(logo, "logo");
  }
  if (pdfLogo) await assertDrawablePng(pdfLogo, "pdfLogo");

  const before = await getBillingProfile(deps.db);
  const changes: Partial<BillingProfile> = {};
  if (logo) {
    const key = `platform/branding/logo-${crypto.randomUUID()}.${logoIsPng ? "png" : "svg"}`;
    const contentType = logoIsPng ? "image/png" : "image/svg+xml";
    await deps.storage.put(key, logo, { contentType });
    changes.logoObjectKey = key;
    changes.logoContentType = contentType;
    // A new SVG without a PNG leaves PDFs on the default mark rather than on the old logo.
    changes.pdfLogoObjectKey = logoIsPng ? key : null;
  }
  if (pdfLogo) {
    const key = `platform/branding/pdf-logo-${crypto.randomUUID()}.png`;
    await deps.storage.put(key, pdfLogo, { contentType: "image/png" });
    changes.pdfLogoObjectKey = key;
  }

  const values = { ...input.details, ...changes, updatedBy: input.actorId, updatedAt: new Date() };
  const saved = await deps.db.transaction(async (tx) => {
    const [row] = await tx.insert(platformBillingProfile).values({ id: true, ...values })
      .onConflictDoUpdate({ target: platformBillingProfile.id, set: values }).returning();
    await recordActivity(tx as unknown as Db, {
      clinicId: null,
      actorId: input.actorId,
      action: "platform_billing.profile_updated",
      entityType: "platform_billing_profile",
      entityId: "platform",
      details: { logo: Boolean(logo), pdfLogo: Boolean(pdfLogo) },
    });
    return row;
  });

  if (logo || pdfLogo) {
    logoCacheFor(deps.storage).forget();
    const kept = new Set([saved.logoObjectKey, saved.pdfLogoObjectKey]);
    for (const key of [before.logoObjectKey, before.pdfLogoObjectKey]) {
      if (key && !kept.has(key)) await deps.storage.delete(key);
    }
  }
  return saved;
}

/** The logo as pages show it; null when none was uploaded. */
export async function readDisplayLogo(
  deps: { db: Db; storage: ObjectStore },
): Promise<{ body: ReadableStream<Uint8Array>; contentType: string; etag: string } | null> {
  const profile = await getBillingProfile(deps.db);
  if (!profile.logoObjectKey) return null;
  const object = await deps.storage.get(profile.logoObjectKey);
  if (!object) return null;
  return { body: object.body, contentType: object.contentType, etag: object.etag };
}

/** The PNG drawn on PDFs, from the cache; null prints the default mark. */
export async function pdfLogoBytes(
  deps: { db: Db; storage: ObjectStore },
  profile?: BillingProfile,
): Promise<Uint8Array | null> {
  const key = (profile ?? await getBillingProfile(deps.db)).pdfLogoObjectKey;
  return key ? await logoCacheFor(deps.storage).bytes(key) : null;
}

/** Writes the profile unless one exists (the demo seed). */
export async function ensureBillingProfile(db: Db, details: BillingDetails): Promise<void> {
  await db.insert(platformBillingProfile).values({ id: true, ...details })
    .onConflictDoNothing({ target: platformBillingProfile.id });
}
