/**
 * Writing an A4 PDF top to bottom with pdf-lib's standard fonts: a cursor `y`
 * that moves down the page, a new page when the next block would not fit,
 * text (right-aligned or cut to a width), wrapped paragraphs and rules.
 * Characters the standard fonts cannot encode print as "?", so a name in
 * another script never breaks the document.
 */
import { type PDFDocument, type PDFFont, type PDFPage, rgb } from "pdf-lib";

export const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 48;
export const INK = rgb(0.06, 0.09, 0.16);
export const RULE = rgb(0.89, 0.91, 0.94);

export type Color = ReturnType<typeof rgb>;

export class A4Writer {
  page!: PDFPage;
  y = 0;
  readonly #charset: Set<number>;

  /** `footer`: points kept free above the bottom margin (for page numbers). */
  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
    readonly footer = 0,
  ) {
    this.#charset = new Set(font.getCharacterSet());
    this.newPage();
  }

  newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Starts a new page when fewer than `height` points are left. */
  room(height: number) {
    if (this.y - height < MARGIN + this.footer) this.newPage();
  }

  clean(text: string): string {
    return [...text].map((ch) => this.#charset.has(ch.codePointAt(0)!) ? ch : "?").join("");
  }

  text(
    text: string,
    x: number,
    options: { size?: number; bold?: boolean; color?: Color; right?: boolean; maxWidth?: number } =
      {},
  ) {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.font;
    let value = this.clean(text);
    if (options.maxWidth && font.widthOfTextAtSize(value, size) > options.maxWidth) {
      while (value.length > 1 && font.widthOfTextAtSize(`${value}...`, size) > options.maxWidth) {
        value = value.slice(0, -1);
      }
      value = `${value.trimEnd()}...`;
    }
    const width = font.widthOfTextAtSize(value, size);
    this.page.drawText(value, {
      x: options.right ? x - width : x,
      y: this.y,
      size,
      font,
      color: options.color ?? INK,
    });
  }

  /** Wrapped text across the width between the margins; moves down as it goes. */
  paragraph(value: string, options: { size?: number; color?: Color } = {}) {
    const size = options.size ?? 10;
    const width = A4[0] - 2 * MARGIN;
    let line = "";
    const flush = () => {
      this.room(size + 4);
      this.text(line, MARGIN, { size, color: options.color });
      this.y -= size + 4;
      line = "";
    };
    for (const word of this.clean(value).split(/\s+/)) {
      const next = line ? `${line} ${word}` : word;
      if (this.font.widthOfTextAtSize(next, size) > width && line) {
        flush();
        line = word;
      } else line = next;
    }
    if (line) flush();
  }

  rule() {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: A4[0] - MARGIN, y: this.y },
      thickness: 0.75,
      color: RULE,
    });
  }
}
