import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { decryptPhi, encryptPhi, PhiDecryptionError, phiIndex } from "../../../lib/crypto/phi.ts";

const KEY = "phi-test-key-0123456789abcdef0123456789abcdef";
const OTHER_KEY = "another-key-0123456789abcdef0123456789abcdef";
const PHONE = "+923001234567";

const isDecryptionError = (error: Error) =>
  error instanceof PhiDecryptionError && !error.message.includes(PHONE);

Deno.test("a sealed number opens to the same number", async () => {
  const sealed = await encryptPhi(KEY, PHONE);
  assertMatch(sealed, /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
  assert(!sealed.includes(PHONE) && !sealed.includes("3001234567"), "no plaintext in the output");
  assertEquals(await decryptPhi(KEY, sealed), PHONE);
  assertEquals(await decryptPhi(KEY, await encryptPhi(KEY, "")), "");
  assertEquals(await decryptPhi(KEY, await encryptPhi(KEY, "نمبر ✓")), "نمبر ✓");
});

Deno.test("sealing the same number twice gives different ciphertexts", async () => {
  const [a, b] = await Promise.all([encryptPhi(KEY, PHONE), encryptPhi(KEY, PHONE)]);
  assert(a !== b, "a fresh IV each time");
  assert(a.split(".")[1] !== b.split(".")[1], "different IVs");
});

Deno.test("an altered, truncated or foreign ciphertext is refused without echoing it", async () => {
  const sealed = await encryptPhi(KEY, PHONE);
  const [version, iv, data] = sealed.split(".");
  const flipped = data.slice(0, 5) + (data[5] === "A" ? "B" : "A") + data.slice(6);
  for (
    const bad of [
      `${version}.${iv}.${flipped}`,
      `${version}.${iv.slice(0, -2)}AA.${data}`,
      `${version}.${iv}.${data.slice(0, 10)}`,
      `v2.${iv}.${data}`,
      `${version}.${iv}`,
      `${version}.${iv}.${data}!`,
      "",
      PHONE,
    ]
  ) {
    await assertRejects(() => decryptPhi(KEY, bad), isDecryptionError, `refuses ${bad}`);
  }
  await assertRejects(() => decryptPhi(OTHER_KEY, sealed), isDecryptionError, "another key");
});

Deno.test("the lookup index is stable per key and reveals nothing of the number", async () => {
  const first = await phiIndex(KEY, PHONE);
  assertEquals(await phiIndex(KEY, PHONE), first);
  assertMatch(first, /^[A-Za-z0-9_-]{43}$/);
  assert(!first.includes("3001234567"));
  assert(await phiIndex(KEY, "+923001234568") !== first, "another number, another index");
  assert(await phiIndex(OTHER_KEY, PHONE) !== first, "another key, another index");
});

/** The documented derivation, done independently: HKDF-SHA256 of the secret with its own info. */
async function derive(info: string, algorithm: HmacImportParams | AesKeyAlgorithm) {
  const encoder = new TextEncoder();
  const material = await crypto.subtle.importKey("raw", encoder.encode(KEY), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode("odontox"), info: encoder.encode(info) },
    material,
    256,
  );
  const usages: KeyUsage[] = algorithm.name === "HMAC" ? ["sign"] : ["decrypt"];
  return await crypto.subtle.importKey("raw", bits, algorithm, false, usages);
}

const fromBase64Url = (text: string) =>
  Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

Deno.test("each key comes from ENCRYPTION_KEY by HKDF with its own info string", async () => {
  const sealed = await encryptPhi(KEY, PHONE);
  const [, iv, data] = sealed.split(".");
  const aes = await derive("odontox/phi/v1", { name: "AES-GCM", length: 256 });
  const opened = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64Url(iv) },
    aes,
    fromBase64Url(data),
  );
  assertEquals(new TextDecoder().decode(opened), PHONE);

  const hmac = await derive("odontox/phi-index/v1", { name: "HMAC", hash: "SHA-256" });
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(PHONE)),
  );
  assertEquals(fromBase64Url(await phiIndex(KEY, PHONE)), mac);
});

Deno.test("an empty key is refused rather than used", async () => {
  await assertRejects(() => encryptPhi("", PHONE), (e) => /non-empty key/.test(e.message));
});
