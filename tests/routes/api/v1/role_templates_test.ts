import { assert, assertEquals, assertMatch } from "../../../support/assert.ts";
import { appSteps, type TestApp, testOnEachDatabase } from "../../../support/test-app.ts";
import type { CookieJar } from "../../../support/cookie-jar.ts";
import { ALL_PERMISSIONS } from "../../../../lib/permissions/tree.ts";

const OWNER = "owner@demo-dental.test";
const DOCTOR = "doctor@demo-dental.test";

async function me(app: TestApp, jar: CookieJar) {
  const res = await app.request("/api/v1/me", { jar });
  assertEquals(res.status, 200);
  return await res.json() as { permissions: string[]; permissionSource: string };
}

testOnEachDatabase("role templates API", async (t, db) => {
  const step = appSteps(t, db);

  await step("every route needs a session", async (app) => {
    for (
      const [method, path, body] of [
        ["GET", "/api/v1/role-templates", undefined],
        ["GET", "/api/v1/role-templates/doctor", undefined],
        ["PUT", "/api/v1/role-templates/doctor", { permissions: [] }],
        ["DELETE", "/api/v1/role-templates/doctor", undefined],
      ] as const
    ) {
      const res = await app.json(method, path, body);
      assertEquals(res.status, 401, `${method} ${path}`);
      assertEquals((await res.json()).code, "UNAUTHENTICATED");
    }
  });

  await step("reading and editing need their own permissions", async (app) => {
    const reception = await app.login("reception@demo-dental.test");
    const list = await app.request("/api/v1/role-templates", { jar: reception.jar });
    assertEquals(list.status, 403);
    assertEquals(await list.json(), {
      error: 'You do not have permission "settings.templates.view"',
      code: "FORBIDDEN",
      permission: "settings.templates.view",
    });

    const doctor = await app.login(DOCTOR);
    const before = await me(app, doctor.jar);
    const put = await app.json("PUT", "/api/v1/role-templates/doctor", {
      permissions: [...before.permissions, "staff.permissions.edit"],
    }, { jar: doctor.jar });
    assertEquals(put.status, 403);
    const body = await put.json();
    assertEquals([body.code, body.permission], ["FORBIDDEN", "settings.templates.edit"]);
    const reset = await app.json("DELETE", "/api/v1/role-templates/doctor", undefined, {
      jar: doctor.jar,
    });
    assertEquals(reset.status, 403);
    assertEquals(await me(app, doctor.jar), before, "the doctor gained nothing");

    const superadmin = await app.login("superadmin@odontox.test");
    const outside = await app.request("/api/v1/role-templates", { jar: superadmin.jar });
    assertEquals(outside.status, 403, "a superadmin outside any clinic has no templates");
  });

  await step("the owner sees every role, the tree and the clinic's modules", async (app) => {
    const { jar } = await app.login(OWNER);
    const res = await app.request("/api/v1/role-templates", { jar });
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(
      body.roles.map((r: { role: string; permissions: string[]; customised: boolean }) => [
        r.role,
        r.permissions.length,
        r.customised,
      ]),
      [["admin", 136, false], ["doctor", 64, false], ["nurse", 38, false], [
        "reception",
        41,
        false,
      ]],
    );
    assertEquals(body.tree.length, 15);
    assertEquals(body.modules.sort(), [
      "bridge",
      "dicom",
      "inventory",
      "lab",
      "reports",
      "treatment",
    ]);

    const one = await app.request("/api/v1/role-templates/nurse", { jar });
    assertEquals(one.status, 200);
    const nurse = await one.json();
    assertEquals([nurse.role, nurse.permissions.length, nurse.updatedAt], ["nurse", 38, null]);
  });

  await step("a role that has no template is refused with a reason", async (app) => {
    const { jar } = await app.login(OWNER);
    const owner = await app.request("/api/v1/role-templates/owner", { jar });
    assertEquals(owner.status, 400);
    assertMatch((await owner.json()).error, /owner always has every permission/);
    const putOwner = await app.json("PUT", "/api/v1/role-templates/owner", {
      permissions: [],
    }, { jar });
    assertEquals(putOwner.status, 400);
    const dentist = await app.request("/api/v1/role-templates/dentist", { jar });
    assertEquals(dentist.status, 404);
    assertMatch((await dentist.json()).error, /Unknown role "dentist"/);
    const deleteDentist = await app.json(
      "DELETE",
      "/api/v1/role-templates/dentist",
      undefined,
      {
        jar,
      },
    );
    assertEquals(deleteDentist.status, 404);
  });

  await step("malformed bodies are refused and change nothing", async (app) => {
    const { jar } = await app.login(OWNER);
    const doctor = await app.login(DOCTOR);
    const before = await me(app, doctor.jar);
    const put = (body: unknown, headers?: HeadersInit) =>
      app.json("PUT", "/api/v1/role-templates/doctor", body, { jar, headers });

    const form = await put("permissions=patients.view", {
      "content-type": "application/x-www-form-urlencoded",
    });
    assertEquals(form.status, 415);
    assertEquals((await put("{not json")).status, 400);
    for (
      const body of [
        {},
        { permissions: "patients.view" },
        { permissions: [1, 2] },
        { permissions: ["patients.view"], role: "owner" },
        // More entries than the tree has permissions.
        { permissions: Array.from({ length: ALL_PERMISSIONS.length + 1 }, () => "patients.view") },
      ]
    ) {
      const res = await put(body);
      assertEquals(res.status, 400, JSON.stringify(body).slice(0, 60));
      assertEquals((await res.json()).code, "VALIDATION_FAILED");
    }
    const unknown = await put({ permissions: ["patients.view", "patients.teleport"] });
    assertEquals(unknown.status, 400);
    const body = await unknown.json();
    assertEquals(body.code, "BAD_REQUEST");
    assertMatch(body.error, /patients\.teleport/);
    assertEquals(body.unknown, ["patients.teleport"]);
    assertEquals(await me(app, doctor.jar), before);
  });

  await step(
    "editing the doctor template changes what the doctor gets, and reset restores it",
    async (app) => {
      const { jar } = await app.login(OWNER);
      const doctor = await app.login(DOCTOR);
      const planDefault = await me(app, doctor.jar);
      assertEquals(planDefault.permissionSource, "plan");
      assert(planDefault.permissions.includes("clinical.notes.view"));

      const permissions = planDefault.permissions
        .filter((key) => !key.startsWith("clinical.notes."))
        .concat("finance.payments.record", "ai.reports.generate");
      const put = await app.json("PUT", "/api/v1/role-templates/doctor", { permissions }, {
        jar,
      });
      assertEquals(put.status, 200);
      const saved = await put.json();
      assertEquals(saved.customised, true);
      // Pro has no AI reports module: the key was sent, dropped, and said so.
      assertEquals(saved.ignored, ["ai.reports.generate"]);
      assert(!saved.permissions.includes("ai.reports.generate"));

      const after = await me(app, doctor.jar);
      assertEquals(after.permissionSource, "template");
      assert(after.permissions.includes("finance.payments.record"), "gained a key");
      assert(!after.permissions.includes("clinical.notes.view"), "lost a key");
      assertEquals(after.permissions.length, planDefault.permissions.length - 4 + 1);
      const listed = await (await app.request("/api/v1/role-templates/doctor", { jar })).json();
      assertEquals(listed.permissions, after.permissions);
      assertEquals(listed.customised, true);
      assert(listed.updatedAt, "the save is dated");

      const reset = await app.json("DELETE", "/api/v1/role-templates/doctor", undefined, {
        jar,
      });
      assertEquals(reset.status, 200);
      assertEquals((await reset.json()).customised, false);
      assertEquals(await me(app, doctor.jar), planDefault);
    },
  );

  await step("another clinic saving its doctor template leaves this one alone", async (app) => {
    const doctor = await app.login(DOCTOR);
    const before = await me(app, doctor.jar);
    const other = await app.login("owner@second-smile.test");
    const put = await app.json("PUT", "/api/v1/role-templates/doctor", {
      permissions: ["patients.view"],
    }, { jar: other.jar });
    assertEquals(put.status, 200);
    assertEquals(await me(app, doctor.jar), before);
    const theirs = await (await app.request("/api/v1/role-templates/doctor", {
      jar: other.jar,
    })).json();
    assertEquals(theirs.permissions, ["patients.view"]);
    const ours = await (await app.request("/api/v1/role-templates/doctor", {
      jar: (await app.login(OWNER)).jar,
    })).json();
    assertEquals([ours.customised, ours.permissions.length], [false, 64]);
    const reset = await app.json("DELETE", "/api/v1/role-templates/doctor", undefined, {
      jar: other.jar,
    });
    assertEquals(reset.status, 200);
  });

  await step(
    "an editor who is not the owner cannot grant what they do not hold",
    async (app) => {
      const owner = await app.login(OWNER);
      const nurse = await app.login("nurse@demo-dental.test");
      const nursePlan = await me(app, nurse.jar);
      const editorKeys = [
        ...nursePlan.permissions,
        "settings.view",
        "settings.templates.view",
        "settings.templates.edit",
      ];
      const grant = await app.json("PUT", "/api/v1/role-templates/nurse", {
        permissions: editorKeys,
      }, { jar: owner.jar });
      assertEquals(grant.status, 200);
      try {
        const escalate = await app.json("PUT", "/api/v1/role-templates/nurse", {
          permissions: [...editorKeys, "finance.payments.refund"],
        }, { jar: nurse.jar });
        assertEquals(escalate.status, 403);
        const refused = await escalate.json();
        assertEquals([refused.code, refused.permission], [
          "FORBIDDEN",
          "finance.payments.refund",
        ]);
        assert(!(await me(app, nurse.jar)).permissions.includes("finance.payments.refund"));

        // Taking a key away from another role is within their reach.
        const doctorKeys = (await (await app.request("/api/v1/role-templates/doctor", {
          jar: nurse.jar,
        })).json()).permissions as string[];
        const trimmed = await app.json("PUT", "/api/v1/role-templates/doctor", {
          permissions: doctorKeys.filter((key) => key !== "clinical.notes.delete"),
        }, { jar: nurse.jar });
        assertEquals(trimmed.status, 200);
      } finally {
        for (const role of ["nurse", "doctor"]) {
          await app.json("DELETE", `/api/v1/role-templates/${role}`, undefined, {
            jar: owner.jar,
          });
        }
      }
      assertEquals(await me(app, nurse.jar), nursePlan);
    },
  );
});
