import { assert, assertEquals, assertMatch } from "../../support/assert.ts";
import { ALL_PERMISSIONS, PERMISSION_TREE } from "../../../lib/permissions/tree.ts";
import { MODULE_KEYS, moduleOfPermission, PLAN_IDS } from "../../../lib/permissions/features.ts";
import { planDefaultPermissions } from "../../../lib/permissions/role-defaults.ts";
import { STAFF_ROLES } from "../../../lib/db/schema.ts";

Deno.test("the tree holds exactly 152 keys under 15 top-level modules", () => {
  assertEquals(PERMISSION_TREE.length, 15);
  assertEquals(ALL_PERMISSIONS.length, 152);
  assertEquals(new Set(ALL_PERMISSIONS).size, 152, "every key is unique");
});

Deno.test("every key is well-formed dot notation under its module and group", () => {
  for (const module of PERMISSION_TREE) {
    assertMatch(module.key, /^[a-z]+(_[a-z]+)*$/);
    assert(module.label.trim().length > 0);
    for (const group of module.groups) {
      assert(group.key === module.key || group.key.startsWith(`${module.key}.`), group.key);
      assert(group.label.trim().length > 0);
      assert(group.permissions.length > 0, `${group.key} has permissions`);
      for (const permission of group.permissions) {
        assertMatch(permission.key, /^[a-z]+(_[a-z]+)*(\.[a-z]+(_[a-z]+)*){1,3}$/);
        assert(permission.key.startsWith(`${group.key}.`), permission.key);
        assert(permission.label.trim().length > 0, `${permission.key} has a label`);
      }
    }
  }
});

Deno.test("the keys the release notes name are in the tree", () => {
  for (
    const key of [
      "appointments.view",
      "finance.invoices.create",
      "radiology.dicom.analyze",
      "settings.lab.view",
      "settings.notifications.edit",
      "clinical.notes.view",
      "inventory.items.view",
      "whatsapp.config.edit",
      "bridge.devices.create",
    ]
  ) assert(ALL_PERMISSIONS.includes(key), key);
});

Deno.test("permissions of optional modules map to modules that exist", () => {
  for (const key of ALL_PERMISSIONS) {
    const module = moduleOfPermission(key);
    assert(module === null || MODULE_KEYS.has(module), `${key} → ${module}`);
  }
  assertEquals(moduleOfPermission("whatsapp.config.edit"), "whatsapp_api");
  assertEquals(moduleOfPermission("radiology.dicom.analyze"), "dicom_ai");
  assertEquals(moduleOfPermission("radiology.dicom.view"), "dicom");
  assertEquals(moduleOfPermission("patients.view"), null);
});

Deno.test("plan baselines grant what the release notes promise", () => {
  const has = (plan: typeof PLAN_IDS[number], role: typeof STAFF_ROLES[number], key: string) =>
    planDefaultPermissions(plan, role).includes(key);
  assert(has("pro_plus", "doctor", "radiology.dicom.analyze"), "doctors on Pro+ analyse DICOM");
  assert(!has("pro", "doctor", "radiology.dicom.analyze"));
  assert(has("pro", "reception", "inventory.items.view"), "reception on Pro reads inventory");
  assert(!has("free", "reception", "inventory.items.view"));
  assert(!has("pro_plus", "reception", "clinical.notes.view"), "reception never reads notes");
  assert(
    has("free", "reception", "settings.lab.view") && !has("free", "reception", "settings.lab.edit"),
  );
  for (const plan of PLAN_IDS) {
    assertEquals(planDefaultPermissions(plan, "owner").length, 152);
    for (const role of STAFF_ROLES) {
      for (const key of planDefaultPermissions(plan, role)) assert(ALL_PERMISSIONS.includes(key));
    }
  }
});
