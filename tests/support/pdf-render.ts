/**
 * A PDF as poppler draws it: every page rendered by `pdftoppm` (Debian's poppler-utils, which
 * `.ci/run` installs) into greyscale pixels, so a test can see what a reader would see: how many
 * pages, their size, and where ink lands on them.
 */
import { assert, assertEquals } from "./assert.ts";

/** One rendered page. */
export interface RenderedPage {
  width: number;
  height: number;
  /** Share of pixels that are not near-white, 0..1. */
  inkShare: number;
  /** Row-major greyscale, 0 black .. 255 white. */
  pixels: Uint8Array;
}

/** Pixels per inch the pages are rendered at: enough to see text, small enough to be quick. */
const RENDER_DPI = 36;

/** Points (1/72 in) to rendered pixels, rounded up as pdftoppm does. */
const pointsToPixels = (points: number) => Math.ceil((points * RENDER_DPI) / 72);

const NEAR_WHITE = 235;

/** Renders every page of `pdf`; fails the test with a hint when poppler-utils is missing. */
export async function renderPdf(pdf: Uint8Array): Promise<RenderedPage[]> {
  const dir = await Deno.makeTempDir({ prefix: "odx-pdf-render-" });
  try {
    await Deno.writeFile(`${dir}/doc.pdf`, pdf);
    await keepForLooking(pdf);
    let output: Deno.CommandOutput;
    try {
      output = await new Deno.Command("pdftoppm", {
        args: ["-gray", "-r", String(RENDER_DPI), `${dir}/doc.pdf`, `${dir}/page`],
        stdout: "null",
      }).output();
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Error("pdftoppm is missing: apt-get install -y poppler-utils");
      }
      throw error;
    }
    assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
    const files = [];
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name.endsWith(".pgm")) files.push(entry.name);
    }
    // page-1.pgm … page-12.pgm, zero-padded to the widest number.
    files.sort();
    return await Promise.all(files.map(async (f) => readPgm(await Deno.readFile(`${dir}/${f}`))));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

let kept = 0;
/** With `KEEP_RENDERED_PDFS=<dir>`, every PDF a test renders is also written there to look at. */
async function keepForLooking(pdf: Uint8Array) {
  const dir = Deno.env.get("KEEP_RENDERED_PDFS");
  if (!dir) return;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(`${dir}/${Date.now()}-${++kept}.pdf`, pdf);
}

/** Binary PGM (P5, 8-bit): a text header of magic, width, height and maximum, then the pixels. */
function readPgm(bytes: Uint8Array): RenderedPage {
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[at]))) at++;
    let field = "";
    while (!/\s/.test(String.fromCharCode(bytes[at]))) field += String.fromCharCode(bytes[at++]);
    fields.push(field);
  }
  at++; // the single whitespace byte before the pixels
  const [magic, w, h, max] = fields;
  assertEquals([magic, max], ["P5", "255"], "an 8-bit binary PGM");
  const width = Number(w), height = Number(h);
  const pixels = bytes.subarray(at, at + width * height);
  const inked = pixels.reduce((n, value) => (value < NEAR_WHITE ? n + 1 : n), 0);
  return { width, height, inkShare: inked / (width * height), pixels };
}

/** Page sizes in points, portrait. */
export const PAGE = { A4: [595.28, 841.89], A5: [419.53, 595.28] } as const;

/**
 * What every document must look like rendered: `pages` pages of `size`, none blank, and below
 * any full-width band at the top nothing drawn closer than `margin` points to the side or bottom
 * edges, where a printer would cut it off.
 */
export function assertLaidOut(
  rendered: RenderedPage[],
  { pages, size, margin = 18 }: { pages: number; size: keyof typeof PAGE; margin?: number },
) {
  assertEquals(rendered.length, pages, "page count");
  const [w, h] = PAGE[size].map(pointsToPixels);
  const edge = pointsToPixels(margin) - 1;
  rendered.forEach((page, i) => {
    const where = `page ${i + 1}`;
    assertEquals([page.width, page.height], [w, h], `${where} size`);
    assert(page.inkShare > 0.005, `${where} is blank`);
    const clipped = inkNearEdges(page, edge);
    assert(clipped === null, `${where}: ink ${clipped} near the page edge`);
  });
}

/** Where ink comes within `edge` pixels of the left, right or bottom edge, outside top bands. */
function inkNearEdges(page: RenderedPage, edge: number): string | null {
  const { width, height, pixels } = page;
  const rowInked = (y: number, from: number, to: number) => {
    for (let x = from; x < to; x++) if (pixels[y * width + x] < NEAR_WHITE) return true;
    return false;
  };
  // A band drawn edge to edge (a letterhead) inks both side strips on the same rows.
  const band = (y: number) => rowInked(y, 0, edge) && rowInked(y, width - edge, width);
  for (let y = 0; y < height; y++) {
    if (band(y)) continue;
    if (y >= height - edge && rowInked(y, 0, width)) return `at the bottom (row ${y})`;
    if (rowInked(y, 0, edge)) return `on the left (row ${y})`;
    if (rowInked(y, width - edge, width)) return `on the right (row ${y})`;
  }
  return null;
}
