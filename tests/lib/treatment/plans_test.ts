/**
 * Plans on a real database: figures computed and stored by the server, the discount state
 * restored exactly on edit, refusals that change nothing, and acceptance freezing a snapshot.
 */
import { and, eq } from "drizzle-orm";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { SharedDatabase } from "../../support/test-app.ts";
import { BACKENDS } from "../../support/databases.ts";
import {
  discountPolicies,
  patients,
  treatmentPlanOptions,
  treatmentServices,
} from "../../../lib/db/schema.ts";
import { clinicFixture, createPatient, userId } from "../appointments/fixtures.ts";
import { createPlan, updatePlan } from "../../../lib/treatment/plan-writes.ts";
import { acceptPlan, canonicalJson } from "../../../lib/treatment/acceptance.ts";
import { getPlan, listPlans } from "../../../lib/treatment/plans.ts";
import { importCatalogCsv } from "../../../lib/treatment/catalog-csv.ts";
import { listServices } from "../../../lib/treatment/catalog.ts";
import { sha256Hex } from "../../../lib/bytes.ts";
import { AppError } from "../../../lib/errors.ts";
import { LocalObjectStore } from "../../../lib/storage/local-store.ts";
import type { Db } from "../../../lib/db/client.ts";
import type { OptionInput } from "../../../lib/treatment/plan-input.ts";

const NOW = new Date("2026-12-02T06:00:00Z");

async function serviceIds(db: Db, clinicId: string) {
  const rows = await db.select({ id: treatmentServices.id, code: treatmentServices.code })
    .from(treatmentServices).where(eq(treatmentServices.clinicId, clinicId));
  return new Map(rows.map((r) => [r.code, r.id]));
}

const item = (serviceId: string, tooth: string | null = null, extra = {}) => ({
  serviceId,
  tooth,
  surfaces: "",
  quantity: 1,
  status: "planned" as const,
  appointmentId: null,
  ...extra,
});

function option(phases: OptionInput["phases"], extra: Partial<OptionInput> = {}): OptionInput {
  return { name: "Plan", recommended: true, discount: { mode: "auto" }, phases, ...extra };
}

const refusedWith = (status: number, code?: string) => (e: Error) =>
  e instanceof AppError && e.status === status && (!code || e.code === code);

for (const backend of BACKENDS) {
  Deno.test({
    name: `treatment plans [${backend.name}]`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn(t) {
      const shared = new SharedDatabase(backend);
      const storageDir = await Deno.makeTempDir();
      const storage = new LocalObjectStore(storageDir);
      try {
        const { db } = await shared.get();
        const demo = await clinicFixture(db, "demo-dental");
        const other = await clinicFixture(db, "second-smile");
        const doctorId = await userId(db, "doctor@demo-dental.test");
        const actor = { clinicId: demo.id, actorId: doctorId, mayApplyDiscounts: true, now: NOW };
        const ids = await serviceIds(db, demo.id);
        const elderly = await createPatient(db, demo.id, "Ghulam Rasool");
        await db.update(patients).set({ dateOfBirth: "1959-03-01" }).where(
          eq(patients.id, elderly),
        );

        await t.step("the demo seed gives a Pakistani catalog in PKR and a plan", async () => {
          const catalog = await listServices(db, demo.id);
          const rct = catalog.find((s) => s.code === "RCT-M")!;
          assertEquals([rct.name, rct.defaultPriceMinor, rct.currency], [
            "Root canal, molar",
            3_000_000,
            "PKR",
          ]);
          const plans = await listPlans(db, demo.id);
          assert(
            plans.some((p) => p.title === "Lower right rehabilitation" && p.optionCount === 2),
          );
        });

        await t.step(
          "totals per phase and plan are computed and stored by the server",
          async () => {
            const plan = await createPlan(db, actor, {
              patientId: elderly,
              title: "Restore lower left",
              validUntil: null,
              notes: null,
              options: [option([
                {
                  name: "Urgent",
                  items: [item(ids.get("RCT-M")!, "36"), item(ids.get("CROWN-PFM")!, "36")],
                },
                {
                  name: "Restorative",
                  items: [
                    item(ids.get("COMP-2")!, "25", { surfaces: "dom", unitPriceMinor: 750_050 }),
                  ],
                },
              ])],
            });
            const [o] = plan.options;
            // 30,000 + 25,000 + 7,500.50 = 62,500.50; senior 10 % = 6,250.05 (half up).
            assertEquals([o.subtotalMinor, o.discountMinor, o.totalMinor], [
              6_250_050,
              625_005,
              5_625_045,
            ]);
            assertEquals(o.discounts.map((d) => [d.name, d.reason]), [[
              "Senior citizen",
              "patient is 67",
            ]]);
            assertEquals(o.phases.map((p) => p.subtotalMinor), [5_500_000, 750_050]);
            assertEquals(o.phases.reduce((s, p) => s + p.discountMinor, 0), 625_005);
            const filling = o.phases[1].items[0];
            assertEquals([filling.surfaces, filling.unitPriceMinor, filling.catalogPriceMinor], [
              "MOD",
              750_050,
              800_000,
            ]);
          },
        );

        await t.step(
          "an edit restores the saved discount even after the policy changed",
          async () => {
            const plan = await createPlan(db, actor, {
              patientId: elderly,
              title: "Scaling",
              validUntil: null,
              notes: null,
              options: [option([{ name: "Phase 1", items: [item(ids.get("SCALE")!)] }])],
            });
            assertEquals(plan.options[0].discountMinor, 60_000);
            const [senior] = await db.select().from(discountPolicies).where(and(
              eq(discountPolicies.clinicId, demo.id),
              eq(discountPolicies.name, "Senior citizen"),
            ));
            await db.update(discountPolicies).set({ percentBp: 2500 }).where(
              eq(discountPolicies.id, senior.id),
            );
            try {
              const same = option([{ name: "Phase 1", items: [item(ids.get("SCALE")!)] }], {
                id: plan.options[0].id,
              });
              const kept = await updatePlan(db, actor, plan.id, {
                title: "Scaling and polish",
                options: [same],
              });
              assertEquals(
                kept.options[0].discountMinor,
                60_000,
                "unchanged lines keep the saved 10 %",
              );
              assertEquals(kept.revision, 2);
              const more = option([{
                name: "Phase 1",
                items: [item(ids.get("SCALE")!), item(ids.get("FLUOR")!)],
              }], { id: plan.options[0].id });
              const recomputed = await updatePlan(db, actor, plan.id, { options: [more] });
              assertEquals(
                recomputed.options[0].discountMinor,
                212_500,
                "a changed basis takes today's 25 %",
              );
            } finally {
              await db.update(discountPolicies).set({ percentBp: 1000 }).where(
                eq(discountPolicies.id, senior.id),
              );
            }
          },
        );

        await t.step(
          "a manual discount restores as saved; over the subtotal is a 400 that changes nothing",
          async () => {
            const young = await createPatient(db, demo.id, "Hamza Yousaf");
            const plan = await createPlan(db, actor, {
              patientId: young,
              title: "Filling",
              validUntil: null,
              notes: null,
              options: [option([{ name: "Phase 1", items: [item(ids.get("COMP-1")!, "16")] }], {
                discount: { mode: "manual", amountMinor: 50_000 },
              })],
            });
            assertEquals([plan.options[0].discountMinor, plan.options[0].totalMinor], [
              50_000,
              550_000,
            ]);
            const tooMuch = option([{ name: "Phase 1", items: [item(ids.get("COMP-1")!, "16")] }], {
              id: plan.options[0].id,
              discount: { mode: "manual", amountMinor: 600_001 },
            });
            await assertRejects(
              () => updatePlan(db, actor, plan.id, { options: [tooMuch] }),
              refusedWith(400, "DISCOUNT_TOO_LARGE"),
            );
            const after = await getPlan(db, demo.id, plan.id);
            assertEquals([after.revision, after.options[0].discountMinor], [1, 50_000]);
            // Without treatment.discounts.apply the saved amount may stay, but not change.
            const nurse = { ...actor, mayApplyDiscounts: false };
            const same = { ...tooMuch, discount: { mode: "manual" as const, amountMinor: 50_000 } };
            await updatePlan(db, nurse, plan.id, { title: "Filling 16", options: [same] });
            const changed = {
              ...tooMuch,
              discount: { mode: "manual" as const, amountMinor: 10_000 },
            };
            await assertRejects(
              () => updatePlan(db, nurse, plan.id, { options: [changed] }),
              refusedWith(403),
            );
          },
        );

        await t.step(
          "a per-tooth service needs a tooth; another clinic's service is refused",
          async () => {
            const base = { patientId: elderly, title: "Bad", validUntil: null, notes: null };
            await assertRejects(() =>
              createPlan(db, actor, {
                ...base,
                options: [option([{ name: "P", items: [item(ids.get("RCT-M")!)] }])],
              }), refusedWith(400));
            const theirs = await serviceIds(db, other.id);
            await assertRejects(() =>
              createPlan(db, actor, {
                ...base,
                options: [option([{ name: "P", items: [item(theirs.get("SCALE")!)] }])],
              }), refusedWith(400));
            assert(
              !(await listPlans(db, demo.id, { patientId: elderly })).some((p) =>
                p.title === "Bad"
              ),
            );
          },
        );

        await t.step(
          "accepting one option declines the others and freezes a hashed snapshot",
          async () => {
            const [seeded] = (await listPlans(db, demo.id)).filter((p) =>
              p.title === "Lower right rehabilitation"
            );
            const plan = await getPlan(db, demo.id, seeded.id);
            const bridge = plan.options.find((o) => o.name === "Bridge")!;
            const accepted = await acceptPlan(db, storage, {
              clinicId: demo.id,
              planId: plan.id,
              optionId: bridge.id,
              via: "clinic",
              actorId: doctorId,
              signedName: "Muhammad Ali Raza",
              now: NOW,
            });
            assertEquals(accepted.status, "accepted");
            assertEquals(accepted.options.map((o) => [o.name, o.status]), [
              ["Implant", "declined"],
              ["Bridge", "accepted"],
            ]);
            const [acceptance] = accepted.acceptances;
            assertEquals(acceptance.snapshotSha256, await sha256Hex(acceptance.snapshot));
            const snapshot = JSON.parse(acceptance.snapshot);
            assertEquals(canonicalJson(snapshot), acceptance.snapshot);
            assertEquals(snapshot.option.totalMinor, bridge.totalMinor);

            // A later edit makes revision 2; the signed snapshot stays as it was.
            const edited = accepted.options.map((o) => ({
              id: o.id,
              name: o.name,
              recommended: o.recommended,
              discount: { mode: "auto" as const },
              phases: o.phases.map((p) => ({
                name: p.name,
                items: p.items.map((i) =>
                  item(i.serviceId, i.tooth, { unitPriceMinor: i.unitPriceMinor + 100_000 })
                ),
              })),
            }));
            const revised = await updatePlan(db, actor, plan.id, { options: edited });
            assertEquals(revised.revision, 2);
            assertEquals(revised.acceptances[0].snapshot, acceptance.snapshot);
            assert(revised.options[1].totalMinor !== snapshot.option.totalMinor);
            await assertRejects(() =>
              acceptPlan(db, storage, {
                clinicId: other.id,
                planId: plan.id,
                optionId: bridge.id,
                via: "clinic",
                actorId: doctorId,
                signedName: null,
              }), refusedWith(404));
          },
        );

        await t.step("two acceptances at once: exactly one wins", async () => {
          const plan = await createPlan(db, actor, {
            patientId: elderly,
            title: "Race",
            validUntil: null,
            notes: null,
            options: [
              option([{ name: "P", items: [item(ids.get("IMPL")!, "46")] }], { name: "Implant" }),
              option([{ name: "P", items: [item(ids.get("BRIDGE-U")!, "46")] }], {
                name: "Bridge",
                recommended: false,
              }),
            ],
          });
          const results = await Promise.allSettled(plan.options.map((o) =>
            acceptPlan(db, storage, {
              clinicId: demo.id,
              planId: plan.id,
              optionId: o.id,
              via: "clinic",
              actorId: doctorId,
              signedName: null,
            })
          ));
          assertEquals(results.filter((r) => r.status === "fulfilled").length, 1);
          const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
          assertEquals((refused.reason as AppError).code, "ALREADY_ACCEPTED");
          const options = await db.select().from(treatmentPlanOptions).where(
            eq(treatmentPlanOptions.planId, plan.id),
          );
          assertEquals(options.filter((o) => o.status === "accepted").length, 1);
        });

        await t.step("a CSV with one bad row imports nothing and names the line", async () => {
          const before = (await listServices(db, demo.id, { includeArchived: true })).length;
          const csv = [
            "code,name,category,price_pkr,duration_minutes,per_tooth,active",
            "NEW-1,Gum contouring,periodontic,15000,45,no,yes",
            '"NEW-2","Crown, e.max",prosthodontic,"55,000",60,yes,yes',
            "NEW-3,Mystery,astrology,100,30,no,yes",
            "SCALE,Scaling and polishing,preventive,6500,45,no,yes",
          ].join("\n");
          const error = await assertRejects(
            () => importCatalogCsv(db, { clinicId: demo.id, actorId: doctorId, text: csv }),
            refusedWith(400, "CSV_INVALID"),
          ) as AppError;
          assertEquals((error.extra.problems as { line: number }[]).map((p) => p.line), [4]);
          assertEquals((await listServices(db, demo.id, { includeArchived: true })).length, before);

          const fixed = csv.replace("astrology", "other");
          assertEquals(
            await importCatalogCsv(db, { clinicId: demo.id, actorId: doctorId, text: fixed }),
            {
              added: 3,
              updated: 1,
            },
          );
          const catalog = await listServices(db, demo.id);
          assertEquals(catalog.find((s) => s.code === "NEW-2")?.defaultPriceMinor, 5_500_000);
          assertEquals(catalog.find((s) => s.code === "SCALE")?.defaultPriceMinor, 650_000);
          assertEquals((await listServices(db, other.id)).some((s) => s.code === "NEW-1"), false);
        });
      } finally {
        await shared.close();
        await Deno.remove(storageDir, { recursive: true });
      }
    },
  });
}
