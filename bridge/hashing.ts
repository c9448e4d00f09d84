import { createHash } from "node:crypto";

/** Hex SHA-256 of a file, read as a stream so a large panoramic never sits in memory whole. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path, { read: true });
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}
