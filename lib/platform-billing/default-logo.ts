/**
 * The OdontoX mark printed on invoices until the superadmin uploads a logo: a teal rounded
 * square with a white tooth outline, drawn pixel by pixel (anti-aliased by supersampling).
 */
import { encodePng } from "./png.ts";

const SIZE = 192;
const TEAL = [13, 148, 136];

/** Is (x, y), in a 0..1 square, inside the tooth: a crown with two roots? */
function inTooth(x: number, y: number): boolean {
  // Two cusps side by side make the crown, a band joins them, two tapering roots hang below.
  const cusp = (cx: number) => ((x - cx) / 0.17) ** 2 + ((y - 0.36) / 0.15) ** 2 <= 1;
  const band = y >= 0.36 && y <= 0.52 && Math.abs(x - 0.5) <= 0.3 - (y - 0.36) * 0.5;
  const root = (cx: number, lean: number) => {
    const t = (y - 0.5) / 0.3;
    return t >= 0 && t <= 1 && Math.abs(x - (cx + lean * t)) <= 0.1 * (1 - t) + 0.015;
  };
  return cusp(0.38) || cusp(0.62) || band || root(0.37, -0.04) || root(0.63, 0.04);
}

function inRoundedSquare(x: number, y: number): boolean {
  const r = 0.2;
  const dx = Math.max(r - x, 0, x - (1 - r));
  const dy = Math.max(r - y, 0, y - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

let cached: Uint8Array | undefined;

export function defaultLogoPng(): Uint8Array {
  if (cached) return cached;
  const pixels = new Uint8Array(SIZE * SIZE * 4);
  const samples = 3;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let square = 0;
      let tooth = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / SIZE;
          const y = (py + (sy + 0.5) / samples) / SIZE;
          if (inRoundedSquare(x, y)) {
            square++;
            if (inTooth(x, y)) tooth++;
          }
        }
      }
      const n = samples * samples;
      const white = square ? tooth / square : 0;
      const i = (py * SIZE + px) * 4;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(TEAL[c] * (1 - white) + 255 * white);
      pixels[i + 3] = Math.round((square / n) * 255);
    }
  }
  cached = encodePng(SIZE, SIZE, pixels);
  return cached;
}
