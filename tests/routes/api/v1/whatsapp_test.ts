/**
 * The WhatsApp API: the module guard on the five config/log routes, the
 * connection with masked secrets, and the per-clinic webhook (handshake,
 * signatures on raw bytes, routing by phone number id, idempotency by wamid,
 * statuses that never move backwards). No token or secret may appear in any
 * response body or log line of the whole file.
 */
import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import {
  GraphStandIn,
  signedDelivery,
  statusOf,
  textFrom,
  webhookPayload,
} from "../../../support/graph-stand-in.ts";
import { whatsappMessages } from "../../../../lib/db/schema.ts";
import { backgroundIdle } from "../../../../lib/whatsapp/background.ts";
import { enqueueWhatsapp } from "../../../../lib/whatsapp/outbox.ts";
import { userId } from "../../../lib/appointments/fixtures.ts";
import {
  ALL_SECRETS,
  clinicIdOf,
  connectClinic,
  DEMO_CREDENTIALS,
  resetWhatsapp,
  SECOND_CREDENTIALS,
  setModule,
} from "../../../lib/whatsapp/fixtures.ts";

const OWNER = "owner@demo-dental.test";
const RECEPTION = "reception@demo-dental.test";
const MODULE_MESSAGE = "Module 'whatsapp_api' is not enabled for this clinic";

/** Everything the server said, to search for secrets at the end. */
const seen: string[] = [];
function recordConsole() {
  const original = {
    log: console.log,
    error: console.error,
    warn: console.warn,
    info: console.info,
  };
  for (const method of ["log", "error", "warn", "info"] as const) {
    console[method] = (...args: unknown[]) => {
      seen.push(
        args.map((a) => (a instanceof Error ? `${a.name} ${a.message} ${a.stack}` : String(a)))
          .join(" "),
      );
      original[method](...args);
    };
  }
  return () => Object.assign(console, original);
}

async function read(res: Response) {
  const text = await res.text();
  seen.push(text);
  return { status: res.status, text, json: () => JSON.parse(text) };
}

testOnEachDatabase("WhatsApp API", async (t, database) => {
  const { db } = database;
  const standIn = new GraphStandIn();
  const env = { WHATSAPP_GRAPH_BASE_URL: standIn.baseUrl };
  const baseStep = appSteps(t, database);
  const step = (name: string, fn: (app: TestApp) => Promise<void>) => baseStep(name, fn, env);
  const demo = await clinicIdOf(db, "demo-dental");
  const second = await clinicIdOf(db, "second-smile");
  const restoreConsole = recordConsole();

  const call = async (
    app: TestApp,
    method: string,
    path: string,
    body?: unknown,
    email?: string,
  ) => {
    const jar = email ? (await app.login(email)).jar : undefined;
    return await read(await app.json(method, path, body, { jar }));
  };

  const ROUTES: [string, string, unknown?][] = [
    ["GET", "/api/v1/whatsapp/config"],
    ["POST", "/api/v1/whatsapp/config", { ...DEMO_CREDENTIALS }],
    ["DELETE", "/api/v1/whatsapp/config"],
    ["POST", "/api/v1/whatsapp/config/test", { ...DEMO_CREDENTIALS }],
    ["GET", "/api/v1/whatsapp/logs"],
  ];

  try {
    await step(
      "every config and log route refuses a clinic without the module first",
      async (app) => {
        await resetWhatsapp(db, demo);
        standIn.tokens.set(DEMO_CREDENTIALS.phoneNumberId, DEMO_CREDENTIALS.accessToken);
        for (const [method, path, body] of ROUTES) {
          const none = await call(app, method, path, body);
          assertEquals(none.status, 401, `${method} ${path} without a session`);
          for (const email of [OWNER, RECEPTION]) {
            const res = await call(app, method, path, body, email);
            assertEquals(res.status, 403, `${method} ${path} as ${email}, module off`);
            assertEquals(res.json().error, MODULE_MESSAGE);
          }
        }
        assertEquals(standIn.requests.length, 0, "nothing reached Meta");

        await setModule(db, demo, true);
        for (const [method, path, body] of ROUTES) {
          const res = await call(app, method, path, body, RECEPTION);
          assertEquals(res.status, 403, `${method} ${path} as reception, module on`);
          assertEquals(res.json().code, "FORBIDDEN");
        }
        for (const [method, path, body] of ROUTES) {
          const res = await call(app, method, path, body, OWNER);
          assertEquals(res.status, 200, `${method} ${path} as owner: ${res.text}`);
        }
      },
    );

    await step("test connection shows the verified name and saves nothing", async (app) => {
      await resetWhatsapp(db, demo);
      await setModule(db, demo, true);
      const tested = await call(
        app,
        "POST",
        "/api/v1/whatsapp/config/test",
        DEMO_CREDENTIALS,
        OWNER,
      );
      assertEquals(tested.json(), {
        ok: true,
        displayPhoneNumber: "+92 300 1234567",
        verifiedName: "Demo Dental Clinic",
        qualityRating: "GREEN",
      });
      const config = (await call(app, "GET", "/api/v1/whatsapp/config", undefined, OWNER)).json();
      assertEquals([config.connected, config.phoneNumberId, config.accessToken], [
        false,
        null,
        null,
      ]);
      assertMatch(
        config.webhookUrl,
        /^http:\/\/localhost:8000\/api\/v1\/whatsapp\/webhook\/[A-Za-z0-9_-]{32}$/,
      );
      assert(!config.webhookUrl.includes(demo), "the webhook id is not the clinic's id");

      const wrong = await call(app, "POST", "/api/v1/whatsapp/config/test", {
        ...DEMO_CREDENTIALS,
        accessToken: "EAAGsomethingElseEntirely",
      }, OWNER);
      const refusal = wrong.json();
      assertEquals([refusal.ok, refusal.code], [false, 190]);
      assertMatch(refusal.message, /Session has expired/);
    });

    await step(
      "saving masks the secrets, and a masked field keeps the stored value",
      async (app) => {
        await resetWhatsapp(db, demo);
        await setModule(db, demo, true);
        const saved = (await call(app, "POST", "/api/v1/whatsapp/config", DEMO_CREDENTIALS, OWNER))
          .json();
        assertEquals(saved.connected, true);
        assertEquals(saved.state, "connected");
        assertEquals(saved.verifiedName, "Demo Dental Clinic");
        assertEquals(saved.accessToken, "••••" + DEMO_CREDENTIALS.accessToken.slice(-4));
        assertEquals(saved.appSecret, "••••" + DEMO_CREDENTIALS.appSecret.slice(-4));
        assertEquals(saved.verifyToken, "••••" + DEMO_CREDENTIALS.verifyToken.slice(-4));

        const again = await call(app, "POST", "/api/v1/whatsapp/config", {
          phoneNumberId: DEMO_CREDENTIALS.phoneNumberId,
          accessToken: saved.accessToken,
          verifyToken: saved.verifyToken,
          appSecret: saved.appSecret,
        }, OWNER);
        assertEquals(again.status, 200, again.text);
        const retest = await call(app, "POST", "/api/v1/whatsapp/config/test", {
          phoneNumberId: DEMO_CREDENTIALS.phoneNumberId,
          accessToken: saved.accessToken,
          verifyToken: saved.verifyToken,
          appSecret: saved.appSecret,
        }, OWNER);
        assertEquals(retest.json().ok, true, "the stored token still works");
      },
    );

    await step("malformed bodies are refused and change nothing", async (app) => {
      const before = (await call(app, "GET", "/api/v1/whatsapp/config", undefined, OWNER)).json();
      for (
        const body of [
          "not json",
          {},
          { ...DEMO_CREDENTIALS, phoneNumberId: "12ab" },
          { ...DEMO_CREDENTIALS, accessToken: "short" },
          { ...DEMO_CREDENTIALS, extra: true },
          { ...DEMO_CREDENTIALS, templates: { reminder: { name: "Bad Name", language: "en" } } },
        ]
      ) {
        const res = await call(app, "POST", "/api/v1/whatsapp/config", body, OWNER);
        assertEquals(res.status, 400, res.text);
      }
      const logs = await call(app, "GET", "/api/v1/whatsapp/logs?status=lost", undefined, OWNER);
      assertEquals(logs.status, 400);
      const after = (await call(app, "GET", "/api/v1/whatsapp/config", undefined, OWNER)).json();
      assertEquals(after, before);
    });

    await step(
      "the handshake echoes the challenge only for the clinic's verify token",
      async (app) => {
        const config = (await call(app, "GET", "/api/v1/whatsapp/config", undefined, OWNER)).json();
        const path = new URL(config.webhookUrl).pathname;
        const ok = await read(
          await app.request(
            `${path}?hub.mode=subscribe&hub.verify_token=${DEMO_CREDENTIALS.verifyToken}&hub.challenge=1158201444`,
          ),
        );
        assertEquals([ok.status, ok.text], [200, "1158201444"]);
        for (
          const query of [
            `hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=1`,
            `hub.mode=unsubscribe&hub.verify_token=${DEMO_CREDENTIALS.verifyToken}&hub.challenge=1`,
            `hub.mode=subscribe&hub.verify_token=${SECOND_CREDENTIALS.verifyToken}&hub.challenge=1`,
          ]
        ) {
          assertEquals((await read(await app.request(`${path}?${query}`))).status, 403, query);
        }
        const unknown = await read(
          await app.request(
            "/api/v1/whatsapp/webhook/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA?hub.mode=subscribe",
          ),
        );
        assertEquals(unknown.status, 404);
      },
    );

    await step(
      "only a delivery signed with this clinic's secret over these bytes is stored",
      async (app) => {
        await connectClinic(
          db,
          standIn,
          second,
          SECOND_CREDENTIALS,
          await userId(db, "owner@second-smile.test"),
        );
        const config = (await call(app, "GET", "/api/v1/whatsapp/config", undefined, OWNER)).json();
        const path = new URL(config.webhookUrl).pathname;
        const stored = async () =>
          (await db.select().from(whatsappMessages).where(eq(whatsappMessages.clinicId, demo)))
            .length;
        const post = async (bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string>) => {
          const res = await read(
            await app.request(path, { method: "POST", body: bytes, headers, noOrigin: true }),
          );
          await backgroundIdle();
          return res.status;
        };
        const payload = (id: string) =>
          webhookPayload(
            DEMO_CREDENTIALS.phoneNumberId,
            textFrom("923001112223", id, "Is the clinic open on Sunday?"),
          );

        const right = await signedDelivery(DEMO_CREDENTIALS.appSecret, payload("wamid.in.right"));
        const wrong = { ...right.headers, "x-hub-signature-256": "sha256=" + "0".repeat(64) };
        const { "x-hub-signature-256": _, ...missing } = right.headers;
        const other = await signedDelivery(SECOND_CREDENTIALS.appSecret, payload("wamid.in.other"));
        const altered = new TextEncoder().encode(
          new TextDecoder().decode(right.bytes).replace("Sunday", "Monday"),
        );

        assertEquals(await post(right.bytes, wrong), 401);
        assertEquals(await post(right.bytes, missing), 401);
        assertEquals(await post(other.bytes, other.headers), 401);
        assertEquals(await post(altered, right.headers), 401);
        assertEquals(await stored(), 0, "nothing stored from a bad signature");
        assertEquals(await post(right.bytes, right.headers), 200);
        assertEquals(await post(right.bytes, right.headers), 200, "Meta redelivers");
        const rows = await db.select().from(whatsappMessages).where(
          eq(whatsappMessages.clinicId, demo),
        );
        assertEquals(rows.map((r) => [r.direction, r.body, r.contactName]), [[
          "inbound",
          "Is the clinic open on Sunday?",
          "Sara Ali",
        ]]);

        const elsewhere = await signedDelivery(
          DEMO_CREDENTIALS.appSecret,
          webhookPayload("999999999999", textFrom("923001112223", "wamid.in.elsewhere", "Hello")),
        );
        assertEquals(await post(elsewhere.bytes, elsewhere.headers), 200);
        assertEquals(await stored(), 1, "another number's traffic is acknowledged and ignored");
      },
    );

    await step("a status never moves a message backwards", async (app) => {
      const config = (await call(app, "GET", "/api/v1/whatsapp/config", undefined, OWNER)).json();
      const path = new URL(config.webhookUrl).pathname;
      const { id } = await enqueueWhatsapp(db, {
        clinicId: demo,
        kind: "reply",
        body: "Yes, 10 to 2.",
      });
      await db.update(whatsappMessages).set({ status: "sent", wamid: "wamid.out.1" })
        .where(eq(whatsappMessages.id, id!));
      const t0 = new Date();
      for (const status of ["read", "delivered", "sent"]) {
        const delivery = await signedDelivery(
          DEMO_CREDENTIALS.appSecret,
          webhookPayload(DEMO_CREDENTIALS.phoneNumberId, statusOf("wamid.out.1", status, t0)),
        );
        await read(
          await app.request(path, {
            method: "POST",
            body: delivery.bytes,
            headers: delivery.headers,
            noOrigin: true,
          }),
        );
        await backgroundIdle();
      }
      const [row] = await db.select().from(whatsappMessages).where(eq(whatsappMessages.id, id!));
      assertEquals(row.status, "read");
      assertEquals(row.trail.map((e) => e.status), ["queued", "read"]);

      const logs = (await call(app, "GET", "/api/v1/whatsapp/logs?kind=reply", undefined, OWNER))
        .json();
      assertEquals(logs.entries.map((e: { status: string }) => e.status), ["read"]);
      const secondLogs = await call(
        app,
        "GET",
        "/api/v1/whatsapp/logs",
        undefined,
        "owner@second-smile.test",
      );
      assertEquals(secondLogs.status, 200);
      assertEquals(secondLogs.json().entries.length, 0, "another clinic's log holds none of these");
    });

    await step("disconnect deletes the credentials and closes the webhook", async (app) => {
      const config = (await call(app, "GET", "/api/v1/whatsapp/config", undefined, OWNER)).json();
      const gone = (await call(app, "DELETE", "/api/v1/whatsapp/config", undefined, OWNER)).json();
      assertEquals([gone.connected, gone.accessToken, gone.appSecret, gone.phoneNumberId], [
        false,
        null,
        null,
        null,
      ]);
      assertEquals(gone.webhookUrl, config.webhookUrl, "the callback URL stays the same");
      const path = new URL(config.webhookUrl).pathname;
      const res = await read(
        await app.request(
          `${path}?hub.mode=subscribe&hub.verify_token=${DEMO_CREDENTIALS.verifyToken}&hub.challenge=5`,
        ),
      );
      assertEquals(res.status, 404);
    });

    await step("no token or secret appeared in any response or log line", () => {
      assert(seen.length > 20, "the file's traffic was recorded");
      for (const secret of ALL_SECRETS) {
        const leaks = seen.filter((text) => text.includes(secret));
        assertEquals(leaks, [], `secret ending ${secret.slice(-4)} leaked`);
      }
      return Promise.resolve();
    });
  } finally {
    restoreConsole();
    await backgroundIdle();
    await resetWhatsapp(db, demo);
    await resetWhatsapp(db, second);
    await standIn.close();
  }
});
