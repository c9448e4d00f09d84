/**
 * Writes out a plain (uncompressed) ustar archive, as PGlite's `dumpDataDir` makes one: regular
 * files and directories only, which is all a Postgres data directory holds.
 */
import { dirname, join } from "node:path";

const BLOCK = 512;

function field(header: Uint8Array, offset: number, length: number): string {
  const bytes = header.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Extracts `tar` under `dir`, creating it; names are taken relative to it, never above it. */
export async function extractTar(tar: Uint8Array, dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break; // the two zero blocks that end an archive
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/` : "") + field(header, 0, 100);
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const relative = name.replace(/^\/+/, "");
    if (relative.split("/").includes("..")) throw new Error(`unsafe name in archive: ${name}`);
    const target = join(dir, relative);
    at += BLOCK;
    if (type === "5") {
      await Deno.mkdir(target, { recursive: true });
    } else if (type === "0") {
      await Deno.mkdir(dirname(target), { recursive: true });
      await Deno.writeFile(target, tar.subarray(at, at + size), { mode: 0o600 });
    } else {
      throw new Error(`unsupported entry type ${JSON.stringify(type)} for ${name}`);
    }
    at += Math.ceil(size / BLOCK) * BLOCK;
  }
}
