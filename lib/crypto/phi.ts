/**
 * PHI at rest (docs/architecture.md, "PHI"): phone and WhatsApp numbers are sealed
 * with AES-256-GCM under a key derived from `ENCRYPTION_KEY`, and each gets a
 * keyed hash beside it so an exact number can still be found without
 * decrypting every row. Both keys come from HKDF-SHA256 with their own `info`,
 * so the index key can never decrypt anything.
 *
 * A sealed value reads `v1.<iv>.<ciphertext+tag>` (base64url), so a later key
 * or algorithm can be told apart by its prefix. Nothing here logs or echoes a
 * plaintext, and a failed decryption says only that it failed.
 *
 * @example
 * ```ts
 * const sealed = await encryptPhi(config.encryptionKey, "+923001234567");
 * await decryptPhi(config.encryptionKey, sealed); // "+923001234567"
 * await phiIndex(config.encryptionKey, "+923001234567"); // same value every time
 * ```
 */

const VERSION = "v1";
const IV_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface PhiKeys {
  seal: CryptoKey;
  index: CryptoKey;
  /** Third-party credentials (access tokens, app secrets): a key of their own purpose. */
  credentials: CryptoKey;
}

// Deriving costs two HKDF rounds and two imports; a request may seal several values.
const keyCache = new Map<string, Promise<PhiKeys>>();

async function deriveKeys(secret: string): Promise<PhiKeys> {
  const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveKey",
  ]);
  const hkdf = (info: string) => ({
    name: "HKDF",
    hash: "SHA-256",
    salt: encoder.encode("odontox"),
    info: encoder.encode(info),
  });
  const [seal, index, credentials] = await Promise.all([
    crypto.subtle.deriveKey(
      hkdf("odontox/phi/v1"),
      material,
      { name: "AES-GCM", length: 256 },
      false,
      [
        "encrypt",
        "decrypt",
      ],
    ),
    crypto.subtle.deriveKey(
      hkdf("odontox/phi-index/v1"),
      material,
      { name: "HMAC", hash: "SHA-256", length: 256 },
      false,
      ["sign"],
    ),
    crypto.subtle.deriveKey(
      hkdf("odontox/credentials/v1"),
      material,
      { name: "AES-GCM", length: 256 },
      false,
      ["encrypt", "decrypt"],
    ),
  ]);
  return { seal, index, credentials };
}

function keysFor(secret: string): Promise<PhiKeys> {
  if (!secret) throw new Error("PHI encryption needs a non-empty key");
  let keys = keyCache.get(secret);
  if (!keys) {
    keys = deriveKeys(secret);
    // A failed derivation must not stay cached for the process's lifetime.
    keys.catch(() => keyCache.delete(secret));
    keyCache.set(secret, keys);
  }
  return keys;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new PhiDecryptionError();
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

/** A sealed value that is malformed, was altered, or was sealed under another key. */
export class PhiDecryptionError extends Error {
  override name = "PhiDecryptionError";
  constructor() {
    super("PHI value failed verification");
  }
}

/**
 * What a sealed value is: PHI (numbers) or a clinic's third-party credential.
 * Each has its own key, so a value of one kind never opens as the other.
 */
export type SealPurpose = "phi" | "credentials";

const keyOf = (keys: PhiKeys, purpose: SealPurpose) =>
  purpose === "credentials" ? keys.credentials : keys.seal;

export async function encryptPhi(
  secret: string,
  plaintext: string,
  purpose: SealPurpose = "phi",
): Promise<string> {
  const seal = keyOf(await keysFor(secret), purpose);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    seal,
    encoder.encode(plaintext),
  );
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** Throws `PhiDecryptionError` unless the value is intact and sealed under this key. */
export async function decryptPhi(
  secret: string,
  sealed: string,
  purpose: SealPurpose = "phi",
): Promise<string> {
  const seal = keyOf(await keysFor(secret), purpose);
  const parts = sealed.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) throw new PhiDecryptionError();
  const iv = fromBase64Url(parts[1]);
  const data = fromBase64Url(parts[2]);
  // 16 bytes is the GCM tag alone: anything shorter cannot be genuine.
  if (iv.length !== IV_BYTES || data.length < 16) throw new PhiDecryptionError();
  try {
    return decoder.decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, seal, data));
  } catch {
    throw new PhiDecryptionError();
  }
}

/**
 * A stable keyed hash for exact lookup. Callers normalise first (phones to
 * E.164), since a different spelling of the same number hashes differently.
 */
export async function phiIndex(secret: string, value: string): Promise<string> {
  const { index } = await keysFor(secret);
  const mac = await crypto.subtle.sign("HMAC", index, encoder.encode(value));
  return toBase64Url(new Uint8Array(mac));
}
