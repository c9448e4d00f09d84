/**
 * What `deno task start` promises on a new machine: the server migrates an empty embedded
 * database and seeds the demo accounts on its first start, and keeps the data on the next.
 * (Other server tests start from a copy of the seeded database; this one does it the long way.)
 */
import { assert, assertEquals } from "../support/assert.ts";
import { freePort, startServerProcess } from "../support/server-process.ts";

async function signIn(url: string, email: string) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "demo-password" }),
  });
  const body = await response.json();
  assertEquals(response.status, 200, JSON.stringify(body));
  return body.accessToken as string;
}

async function patientNames(url: string, token: string, q: string): Promise<string[]> {
  const response = await fetch(`${url}/api/v1/patients?q=${encodeURIComponent(q)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assertEquals(response.status, 200);
  const { patients } = await response.json();
  return patients.map((p: { fullName: string }) => p.fullName);
}

Deno.test({
  name: "a first start migrates and seeds an empty database; the next start keeps what was added",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "odontox-first-start-" });
    const port = freePort();
    try {
      const first = await startServerProcess({ dataDir, port, freshDatabase: true });
      try {
        assert(first.output().includes("demo data seeded"), first.output());
        const token = await signIn(first.url, "owner@demo-dental.test");
        const created = await fetch(`${first.url}/api/v1/patients`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ fullName: "First Start Patient" }),
        });
        assertEquals(created.status, 201);
      } finally {
        await first.stop();
      }

      const second = await startServerProcess({ dataDir, port });
      try {
        assert(!second.output().includes("demo data seeded"), "seeded once only");
        const token = await signIn(second.url, "owner@demo-dental.test");
        assertEquals(await patientNames(second.url, token, "First Start"), [
          "First Start Patient",
        ]);
      } finally {
        await second.stop();
      }
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
