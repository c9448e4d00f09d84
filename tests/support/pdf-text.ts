/**
 * The text drawn on a PDF's pages, for tests: pdf-lib writes each string as a hex operand of
 * `Tj` inside (deflated) content streams; this inflates them and decodes the strings.
 */
import { decodePDFRawStream, PDFDocument, PDFRawStream } from "pdf-lib";

// WinAnsi differs from Latin-1 in 0x80–0x9F; the characters plan documents use.
const WIN_ANSI: Record<number, string> = { 0x85: "…", 0x91: "‘", 0x92: "’", 0x96: "–", 0x97: "—" };

export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const strings: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const content = new TextDecoder("latin1").decode(decodePDFRawStream(object).decode());
    for (const match of content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)) {
      const hex = match[1];
      let text = "";
      for (let i = 0; i < hex.length; i += 2) {
        const code = parseInt(hex.slice(i, i + 2), 16);
        text += WIN_ANSI[code] ?? String.fromCharCode(code);
      }
      strings.push(text);
    }
  }
  return strings;
}
