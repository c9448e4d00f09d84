/**
 * Bridge device API keys: `odxb_` and 32 random bytes in base64url (43
 * characters). Only the SHA-256 of a key is stored: the key has full entropy,
 * so a fast hash is enough, and it lets a request find its device by an
 * indexed equality lookup instead of trying a slow hash per device.
 */

export const DEVICE_KEY_PREFIX = "odxb_";
const KEY_PATTERN = /^odxb_[A-Za-z0-9_-]{43}$/;
/** How much of a key the settings page shows, so staff can tell keys apart. */
const DISPLAY_LENGTH = 10;

export interface NewDeviceKey {
  /** Shown to the person who registered the device, once. */
  apiKey: string;
  hash: string;
  prefix: string;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

export async function hashDeviceKey(apiKey: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(apiKey));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function looksLikeDeviceKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

export async function generateDeviceKey(): Promise<NewDeviceKey> {
  const apiKey = DEVICE_KEY_PREFIX + base64Url(crypto.getRandomValues(new Uint8Array(32)));
  return { apiKey, hash: await hashDeviceKey(apiKey), prefix: apiKey.slice(0, DISPLAY_LENGTH) };
}
