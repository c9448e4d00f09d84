/**
 * What a case attachment is: its name says which kind it claims to be, its
 * first bytes must agree. A PDF named .jpg, or a ZIP named .stl, is refused
 * rather than filed as something it is not.
 */
import { AppError } from "../errors.ts";
import { isDicom, sniffContentType } from "../captures/file-kind.ts";

export type AttachmentKind = "image" | "pdf" | "scan" | "dicom" | "dicom_zip";

const BY_EXTENSION: Record<string, { kind: AttachmentKind; label: string }> = {
  jpg: { kind: "image", label: "JPEG image" },
  jpeg: { kind: "image", label: "JPEG image" },
  png: { kind: "image", label: "PNG image" },
  tif: { kind: "image", label: "TIFF image" },
  tiff: { kind: "image", label: "TIFF image" },
  bmp: { kind: "image", label: "BMP image" },
  pdf: { kind: "pdf", label: "PDF" },
  stl: { kind: "scan", label: "STL scan" },
  ply: { kind: "scan", label: "PLY scan" },
  dcm: { kind: "dicom", label: "DICOM file" },
  dicom: { kind: "dicom", label: "DICOM file" },
  zip: { kind: "dicom_zip", label: "ZIP of DICOM files" },
};

export const ACCEPTED_EXTENSIONS = Object.keys(BY_EXTENSION).map((e) => `.${e}`);

const startsWith = (head: Uint8Array, text: string) =>
  head.length >= text.length && [...text].every((ch, i) => head[i] === ch.charCodeAt(0));

function looksLikeOtherFormat(head: Uint8Array): boolean {
  return startsWith(head, "%PDF-") || startsWith(head, "PK\x03\x04") || isDicom(head) ||
    sniffContentType(head, "") !== "application/octet-stream";
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? "" : fileName.slice(dot + 1).toLowerCase();
}

/** The kind and content type a file claims by its name; 415 for a kind a case does not take. */
export function claimedKind(fileName: string): { kind: AttachmentKind; extension: string } {
  const extension = extensionOf(fileName);
  const claim = BY_EXTENSION[extension];
  if (!claim) {
    throw new AppError(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `A case takes images, PDFs, STL/PLY scans and DICOM files or ZIPs (${
        ACCEPTED_EXTENSIONS.join(", ")
      })`,
    );
  }
  return { kind: claim.kind, extension };
}

/**
 * The content type to store the file under, once its first bytes agree with
 * its name; a 415 naming both otherwise.
 */
export function verifiedContentType(fileName: string, head: Uint8Array): string {
  const { extension } = claimedKind(fileName);
  const claim = BY_EXTENSION[extension];
  const sniffed = sniffContentType(head, "");
  let type: string | null = null;
  switch (claim.kind) {
    case "image":
      if (sniffed.startsWith("image/")) type = sniffed;
      else if (startsWith(head, "BM") && (extension === "bmp")) type = "image/bmp";
      break;
    case "pdf":
      if (startsWith(head, "%PDF-")) type = "application/pdf";
      break;
    case "scan":
      if (extension === "ply" && /^ply\r?\n/.test(new TextDecoder().decode(head.slice(0, 5)))) {
        type = "application/ply";
      } else if (
        extension === "stl" && (startsWith(head, "solid") ||
          (head.length >= 84 && !looksLikeOtherFormat(head)))
      ) {
        type = "model/stl";
      }
      break;
    case "dicom":
      if (isDicom(head)) type = "application/dicom";
      break;
    case "dicom_zip":
      if (startsWith(head, "PK\x03\x04")) type = "application/zip";
      break;
  }
  if (!type) {
    throw new AppError(
      415,
      "CONTENT_MISMATCH",
      `The file is named .${extension} but its content is not a ${claim.label}; nothing was stored`,
    );
  }
  return type;
}
