/**
 * The clinic's logo on a printed document: embedded once per PDF and drawn
 * fitted into a square, whatever its proportions. Treatment plans, invoices
 * and receipts all draw it this way.
 *
 * @example
 * ```ts
 * const logo = await embedClinicLogo(doc, await logoForPdf({ db, storage }, clinicId));
 * if (logo) drawLogoFitted(page, logo, { x: 48, y: 760, size: 36 });
 * ```
 */
import type { PDFDocument, PDFImage, PDFPage } from "pdf-lib";

/** A logo pdf-lib can embed: PNG or JPEG bytes (it draws no SVG). */
export interface PdfLogo {
  bytes: Uint8Array;
  type: "png" | "jpeg";
}

/** The embedded image; null without a logo or when pdf-lib cannot read the file. */
export async function embedClinicLogo(
  doc: PDFDocument,
  logo: PdfLogo | null | undefined,
): Promise<PDFImage | null> {
  if (!logo) return null;
  try {
    return logo.type === "png" ? await doc.embedPng(logo.bytes) : await doc.embedJpg(logo.bytes);
  } catch {
    // A damaged upload leaves the document without its logo rather than failing to print.
    return null;
  }
}

/** Draws `image` centred in the square whose bottom-left corner is (x, y). */
export function drawLogoFitted(
  page: PDFPage,
  image: PDFImage,
  box: { x: number; y: number; size: number },
): void {
  const scale = Math.min(box.size / image.width, box.size / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, {
    x: box.x + (box.size - width) / 2,
    y: box.y + (box.size - height) / 2,
    width,
    height,
  });
}
