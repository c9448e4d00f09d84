import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import { changeAccess } from "../../../support/access-changes.ts";
import type { Db } from "../../../../lib/db/client.ts";
import { clinicMembers, users } from "../../../../lib/db/schema.ts";
import { notifyUsers } from "../../../../lib/notifications/notify.ts";
import { planDefaultPermissions } from "../../../../lib/permissions/role-defaults.ts";

const API = "/api/v1/notifications";

interface NotificationJson {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
  cursor: string;
}

async function member(db: Db, email: string) {
  const [row] = await db
    .select({ userId: users.id, clinicId: clinicMembers.clinicId, memberId: clinicMembers.id })
    .from(clinicMembers).innerJoin(users, eq(users.id, clinicMembers.userId))
    .where(eq(users.email, email));
  return row;
}

async function notify(
  db: Db,
  email: string,
  title: string,
  extra: { body?: string; link?: string } = {},
) {
  const m = await member(db, email);
  await notifyUsers(db, {
    clinicId: m.clinicId,
    userIds: [m.userId],
    kind: "appointment.status_changed",
    title,
    ...extra,
  });
}

async function list(app: TestApp, jar: CookieJar, query = "") {
  const res = await app.json("GET", `${API}${query}`, undefined, { jar });
  assertEquals(res.status, 200, await res.clone().text());
  return await res.json() as { notifications: NotificationJson[]; unread: number };
}

/** Runs `fn` while the member's permissions lack `withdrawn`, then restores their role's. */
async function without(
  app: TestApp,
  email: string,
  role: "nurse" | "reception",
  withdrawn: string[],
  fn: () => Promise<void>,
) {
  const m = await member(app.deps.db, email);
  const kept = planDefaultPermissions("pro", role).filter((key) => !withdrawn.includes(key));
  const override = (permissions: string[] | null) =>
    changeAccess(
      app,
      { userId: m.userId, clinicId: m.clinicId },
      (tx) =>
        tx.update(clinicMembers).set({ permissionsOverride: permissions })
          .where(eq(clinicMembers.id, m.memberId)),
    );
  await override(kept);
  try {
    await fn();
  } finally {
    await override(null);
  }
}

testOnEachDatabase("notifications API", async (t, database) => {
  const { db } = database;
  const step = appSteps(t, database);
  const someId = crypto.randomUUID();

  await step("every notifications route needs a session", async (app) => {
    for (
      const [method, path] of [
        ["GET", API],
        ["POST", `${API}/read-all`],
        ["POST", `${API}/${someId}/read`],
      ]
    ) {
      const res = await app.json(method, path);
      assertEquals(res.status, 401, `${method} ${path}`);
      assertEquals((await res.json()).code, "UNAUTHENTICATED");
    }
  });

  await step(
    "the bell's list: one's own notifications, newest first, and the unread count",
    async (app) => {
      await notify(db, "nurse@demo-dental.test", "Appointment confirmed", {
        body: "Ayesha Khan confirmed Tuesday 10:30",
        link: "/appointments",
      });
      await notify(db, "nurse@demo-dental.test", "Appointment cancelled");
      await notify(db, "doctor@demo-dental.test", "For the doctor only");
      await notify(db, "owner@second-smile.test", "For another clinic");

      const { jar } = await app.login("nurse@demo-dental.test");
      const body = await list(app, jar);
      assertEquals(body.unread, 2);
      assertEquals(body.notifications.map((n) => n.title), [
        "Appointment cancelled",
        "Appointment confirmed",
      ]);
      const [, confirmed] = body.notifications;
      assertEquals(confirmed.body, "Ayesha Khan confirmed Tuesday 10:30");
      assertEquals(confirmed.link, "/appointments");
      assertEquals(confirmed.read, false);
      assertEquals(confirmed.readAt, null);
      assertEquals(confirmed.kind, "appointment.status_changed");
      assert(Date.now() - Date.parse(confirmed.createdAt) < 60_000);

      // The count alone, for the badge.
      const counted = await list(app, jar, "?limit=0");
      assertEquals(counted, { notifications: [], unread: 2 });
      const paged = await list(
        app,
        jar,
        `?limit=1&before=${body.notifications[0].cursor}`,
      );
      assertEquals(paged.notifications.map((n) => n.title), ["Appointment confirmed"]);
    },
  );

  await step("marking one read lowers the count; marking all read clears it", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const before = await list(app, jar);
    const target = before.notifications.find((n) => !n.read)!;
    const res = await app.json("POST", `${API}/${target.id}/read`, undefined, { jar });
    assertEquals(res.status, 200);
    const marked = await res.json();
    assertEquals(marked.notification.id, target.id);
    assertEquals(marked.notification.read, true);
    assertEquals(marked.unread, before.unread - 1);

    const all = await app.json("POST", `${API}/read-all`, undefined, { jar });
    assertEquals(all.status, 200);
    assertEquals(await all.json(), { marked: before.unread - 1, unread: 0 });
    const after = await list(app, jar);
    assertEquals(after.unread, 0);
    assert(after.notifications.every((n) => n.read));

    // Nobody else's were touched.
    const { jar: doctor } = await app.login("doctor@demo-dental.test");
    assert(
      (await list(app, doctor)).notifications.some((n) =>
        n.title === "For the doctor only" && !n.read
      ),
    );
  });

  await step(
    "someone else's notification, in this clinic or another, is not found",
    async (app) => {
      const { jar: doctor } = await app.login("doctor@demo-dental.test");
      const doctorsOwn = (await list(app, doctor)).notifications.find((n) =>
        n.title === "For the doctor only"
      )!;
      const { jar: otherOwner } = await app.login("owner@second-smile.test");
      const otherClinics = (await list(app, otherOwner)).notifications[0];

      const { jar: nurse } = await app.login("nurse@demo-dental.test");
      for (const id of [doctorsOwn.id, otherClinics.id, someId]) {
        const res = await app.json("POST", `${API}/${id}/read`, undefined, { jar: nurse });
        assertEquals(res.status, 404, id);
        assertEquals((await res.json()).code, "NOT_FOUND");
      }
      const stillUnread = (await list(app, doctor)).notifications.find((n) =>
        n.id === doctorsOwn.id
      )!;
      assertEquals(stillUnread.read, false);
    },
  );

  await step("a malformed id or query answers 404 or 400, never 500", async (app) => {
    const { jar } = await app.login("nurse@demo-dental.test");
    const bad = await app.json("POST", `${API}/not-a-uuid/read`, undefined, { jar });
    assertEquals(bad.status, 404);
    for (
      const query of [
        "?limit=abc",
        "?limit=-1",
        "?limit=51",
        "?limit=2.5",
        "?before=yesterday",
        "?page=2",
      ]
    ) {
      const res = await app.json("GET", `${API}${query}`, undefined, { jar });
      assertEquals(res.status, 400, query);
      const body = await res.json();
      assertEquals(body.code, "VALIDATION_FAILED", query);
      assertMatch(body.error, /limit|before|page|query|Unrecognized/i, query);
    }
  });

  await step("without the permissions: 403, naming the permission", async (app) => {
    await without(
      app,
      "reception@demo-dental.test",
      "reception",
      ["notifications.manage"],
      async () => {
        const { jar } = await app.login("reception@demo-dental.test");
        assertEquals(
          (await app.json("GET", API, undefined, { jar })).status,
          200,
          "may still read",
        );
        for (const path of [`${API}/read-all`, `${API}/${someId}/read`]) {
          const res = await app.json("POST", path, undefined, { jar });
          assertEquals(res.status, 403, path);
          const body = await res.json();
          assertEquals(body.code, "FORBIDDEN");
          assertEquals(body.permission, "notifications.manage");
        }
      },
    );
    await without(
      app,
      "reception@demo-dental.test",
      "reception",
      ["notifications.view"],
      async () => {
        const { jar } = await app.login("reception@demo-dental.test");
        const res = await app.json("GET", API, undefined, { jar });
        assertEquals(res.status, 403);
        assertEquals((await res.json()).permission, "notifications.view");
      },
    );
    // A platform administrator has no clinic, so no clinic notifications.
    const { jar } = await app.login("superadmin@odontox.test");
    const res = await app.json("GET", API, undefined, { jar });
    assertEquals(res.status, 403);
    assertEquals((await res.json()).permission, "notifications.view");
  });

  await step(
    "the bell is on staff pages only for members who can receive notifications",
    async (app) => {
      const bell = /<odx-island data-island="NotificationBell" data-props="([^"]*)"/;
      const props = (html: string) => JSON.parse(html.match(bell)![1].replace(/&quot;/g, '"'));

      const { jar: nurse } = await app.login("nurse@demo-dental.test");
      const page = await (await app.request("/dashboard", { jar: nurse })).text();
      assertMatch(page, bell);
      assertEquals(props(page), { canManage: true });

      await without(app, "nurse@demo-dental.test", "nurse", ["notifications.manage"], async () => {
        const html = await (await app.request("/dashboard", { jar: nurse })).text();
        assertEquals(
          props(html),
          { canManage: false },
          "no mark-read controls it would be refused",
        );
      });
      await without(app, "nurse@demo-dental.test", "nurse", ["notifications.view"], async () => {
        const html = await (await app.request("/dashboard", { jar: nurse })).text();
        assert(!bell.test(html), "no bell without notifications.view");
      });
      const { jar: admin } = await app.login("superadmin@odontox.test");
      assert(!bell.test(await (await app.request("/dashboard", { jar: admin })).text()));
    },
  );
});
