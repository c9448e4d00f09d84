import { assertEquals, assertRejects } from "../../support/assert.ts";
import { signAccessToken, verifyAccessToken } from "../../../lib/auth/access-tokens.ts";
import { AppError } from "../../../lib/errors.ts";

const SECRET = "s".repeat(40);
const CLAIMS = { userId: "u1", sessionId: "s1", clinicId: "c1", isSuperadmin: false };

async function refusedWith(code: string, run: () => Promise<unknown>) {
  const error = await assertRejects(run);
  assertEquals((error as AppError).code, code);
}

Deno.test("a token verified once is still refused once it expires", async () => {
  const issued = new Date("2026-12-03T09:00:00Z");
  const { token } = await signAccessToken(CLAIMS, SECRET, 60, issued);
  assertEquals((await verifyAccessToken(token, SECRET, issued)).userId, "u1");
  assertEquals(
    (await verifyAccessToken(token, SECRET, new Date(issued.getTime() + 59_000))).userId,
    "u1",
  );
  await refusedWith(
    "TOKEN_EXPIRED",
    () => verifyAccessToken(token, SECRET, new Date(issued.getTime() + 60_000)),
  );
});

Deno.test("a verified token proves nothing under another secret, nor in an altered copy", async () => {
  const now = new Date();
  const { token } = await signAccessToken(CLAIMS, SECRET, 60, now);
  await verifyAccessToken(token, SECRET, now);
  await refusedWith("INVALID_TOKEN", () => verifyAccessToken(token, "t".repeat(40), now));
  const [header, payload, signature] = token.split(".");
  const forged = btoa(JSON.stringify({ ...JSON.parse(atob(payload)), sa: true }))
    .replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  await refusedWith(
    "INVALID_TOKEN",
    () => verifyAccessToken(`${header}.${forged}.${signature}`, SECRET, now),
  );
});
