import { eq } from "drizzle-orm";
import { assert, assertEquals, assertMatch, assertRejects } from "../../support/assert.ts";
import { testOnEachDatabase } from "../../support/test-app.ts";
import { clinicFixture, createPatient, userId } from "../appointments/fixtures.ts";
import { createCase, createLab, SECRET } from "../../support/lab-fixtures.ts";
import { labCaseEvents, labCases, users } from "../../../lib/db/schema.ts";
import { changeCaseStatus } from "../../../lib/lab/case-status.ts";
import { allowedNext, LAB_CASE_STATUSES, type LabCaseStatus } from "../../../lib/lab/statuses.ts";
import { AppError } from "../../../lib/errors.ts";
import { getLabCase, listLabCases } from "../../../lib/lab/case-queries.ts";
import {
  checkFormToken,
  createCaseLink,
  issueFormToken,
  LinkProblem,
  openCaseLink,
  revokeCaseLink,
} from "../../../lib/lab/shared-links.ts";
import { setWorkingHours } from "../../../lib/appointments/working-hours.ts";
import { createLabCase } from "../../../lib/lab/cases.ts";

/** The path from draft to each status, along allowed moves. */
const PATH_TO: Record<LabCaseStatus, LabCaseStatus[]> = {
  draft: [],
  sent_to_lab: ["sent_to_lab"],
  received_by_lab: ["sent_to_lab", "received_by_lab"],
  in_progress: ["sent_to_lab", "received_by_lab", "in_progress"],
  shipped: ["sent_to_lab", "received_by_lab", "in_progress", "shipped"],
  delivered: ["sent_to_lab", "received_by_lab", "in_progress", "shipped", "delivered"],
  fitted: ["sent_to_lab", "received_by_lab", "in_progress", "shipped", "delivered", "fitted"],
  on_hold: ["sent_to_lab", "on_hold"],
  remake_requested: [
    "sent_to_lab",
    "received_by_lab",
    "in_progress",
    "shipped",
    "delivered",
    "remake_requested",
  ],
  cancelled: ["cancelled"],
};

testOnEachDatabase("lab cases", async (t, database) => {
  const { db } = database;
  const demo = await clinicFixture(db, "demo-dental");
  const doctorId = await userId(db, "doctor@demo-dental.test");
  const lab = await createLab(db, demo.id, doctorId);
  const patientId = await createPatient(db, demo.id, "Rabia Anwar");
  const staff = { kind: "staff", userId: doctorId } as const;

  await t.step(
    "every illegal status move is refused with the allowed ones, nothing changed",
    async () => {
      for (const from of LAB_CASE_STATUSES) {
        const kase = await createCase(db, {
          clinicId: demo.id,
          actorId: doctorId,
          patientId,
          labId: lab.id,
          path: PATH_TO[from],
        });
        assertEquals(kase.status, from);
        for (const to of LAB_CASE_STATUSES) {
          if (allowedNext(from).includes(to)) continue;
          const error = await assertRejects(() =>
            changeCaseStatus(db, { clinicId: demo.id, caseId: kase.id, to, actor: staff })
          ) as AppError;
          assertEquals([error.status, error.code], [409, "INVALID_TRANSITION"], `${from} → ${to}`);
          assertEquals(error.extra.allowed, allowedNext(from));
        }
        const [after] = await db.select().from(labCases).where(eq(labCases.id, kase.id));
        assertEquals(after.status, from);
      }
    },
  );

  await t.step("each move is on the timeline with who made it", async () => {
    const kase = await createCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      patientId,
      labId: lab.id,
      path: ["sent_to_lab"],
    });
    const detail = await getLabCase(db, demo.id, kase.id);
    const [doctor] = await db.select({ name: users.name }).from(users).where(
      eq(users.id, doctorId),
    );
    assertEquals(
      detail.timeline.map((e) => [e.kind, e.fromStatus, e.toStatus, e.actor, e.viaLink]),
      [
        ["created", null, "draft", doctor.name, false],
        ["status", "draft", "sent_to_lab", doctor.name, false],
      ],
    );
  });

  await t.step("overdue cases are flagged and counted until delivered", async () => {
    const overdue = await createCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      patientId,
      labId: lab.id,
      dueDate: "2026-01-05",
      path: ["sent_to_lab"],
    });
    const delivered = await createCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      patientId,
      labId: lab.id,
      dueDate: "2026-01-05",
      path: PATH_TO.delivered,
    });
    const board = await listLabCases(db, demo.id, { patientId, overdue: true });
    assert(board.cases.some((c) => c.id === overdue.id && c.overdue));
    assert(!board.cases.some((c) => c.id === delivered.id));
    assertEquals((await getLabCase(db, demo.id, delivered.id)).overdue, false);
  });

  await t.step("the due date is counted from the lab's turnaround in working days", async () => {
    const other = await clinicFixture(db, "second-smile");
    const ownerId = await userId(db, "owner@second-smile.test");
    // Mon–Fri only.
    await setWorkingHours(db, {
      clinicId: other.id,
      actorId: ownerId,
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: "09:00", closesAt: "17:00" })),
    });
    const theirLab = await createLab(db, other.id, ownerId, {
      defaultTurnaroundDays: 9,
      turnaround: { crown: 3 },
    });
    const theirPatient = await createPatient(db, other.id, "Kamran Javed");
    // Friday 2026-12-04 in Karachi.
    const now = new Date("2026-12-04T06:00:00Z");
    const kase = await createLabCase(db, {
      clinicId: other.id,
      actorId: ownerId,
      now,
      values: {
        patientId: theirPatient,
        appointmentId: null,
        labId: theirLab.id,
        caseType: "crown",
        teeth: [],
        shade: null,
        material: null,
        instructions: null,
        priority: "normal",
        status: "draft",
      },
    });
    assertEquals(kase.dueDate, "2026-12-09");
  });

  await t.step("a shared link opens its case until it expires or is revoked", async () => {
    const kase = await createCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      patientId,
      labId: lab.id,
      path: ["sent_to_lab"],
    });
    const now = new Date();
    const { token, id } = await createCaseLink(db, SECRET, {
      clinicId: demo.id,
      caseId: kase.id,
      actorId: doctorId,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    const opened = await openCaseLink(db, SECRET, token);
    assertEquals([opened.caseId, opened.labName], [kase.id, lab.name]);

    const reasonOf = async (value: string, at = new Date()) =>
      ((await assertRejects(() => openCaseLink(db, SECRET, value, at))) as LinkProblem).reason;
    assertEquals(await reasonOf(token, new Date(now.getTime() + 2 * 86_400_000)), "expired");
    const [secret, signature] = token.split(".");
    const flipped = secret[0] === "A" ? `B${secret.slice(1)}` : `A${secret.slice(1)}`;
    assertEquals(await reasonOf(`${flipped}.${signature}`), "invalid");
    assertEquals(await reasonOf(`${secret}.${signature.slice(0, -2)}xx`), "invalid");
    assertEquals(await reasonOf("not-a-token"), "invalid");
    // Signed with another key: a token of another deployment is not this one's.
    const elsewhere = await createCaseLink(db, "another-encryption-key-0123456789abcdefghij", {
      clinicId: demo.id,
      caseId: kase.id,
      actorId: doctorId,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    assertEquals(await reasonOf(elsewhere.token), "invalid");

    await revokeCaseLink(db, { clinicId: demo.id, caseId: kase.id, linkId: id, actorId: doctorId });
    assertEquals(await reasonOf(token), "revoked");
  });

  await t.step("a form token is tied to its link and expires", async () => {
    const linkId = crypto.randomUUID();
    const now = new Date();
    const formToken = await issueFormToken(SECRET, linkId, now);
    await checkFormToken(SECRET, linkId, formToken, now);
    await assertRejects(() => checkFormToken(SECRET, crypto.randomUUID(), formToken, now));
    await assertRejects(() =>
      checkFormToken(SECRET, linkId, formToken, new Date(now.getTime() + 5 * 3_600_000))
    );
    await assertRejects(() => checkFormToken(SECRET, linkId, undefined, now));
  });

  await t.step("a lab moves its part of the flow, recorded as via shared link", async () => {
    const kase = await createCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      patientId,
      labId: lab.id,
      path: ["sent_to_lab"],
    });
    const linkActor = { kind: "lab", linkId: crypto.randomUUID(), labName: lab.name } as const;
    const error = await assertRejects(() =>
      changeCaseStatus(db, {
        clinicId: demo.id,
        caseId: kase.id,
        to: "cancelled",
        actor: linkActor,
      })
    ) as AppError;
    assertEquals(error.status, 409);
    assertMatch(error.message, /allowed: Received by lab, On hold/);
    const moved = await changeCaseStatus(db, {
      clinicId: demo.id,
      caseId: kase.id,
      to: "received_by_lab",
      note: "Impressions look good",
      actor: linkActor,
    });
    assertEquals(moved.status, "received_by_lab");
    const events = await db.select().from(labCaseEvents).where(eq(labCaseEvents.caseId, kase.id));
    const last = events[events.length - 1];
    assertEquals([last.actorLabel, last.note], [
      `${lab.name} via shared link`,
      "Impressions look good",
    ]);
  });

  await t.step("a crown goes to the lab only with its shade, as Settings → Lab asks", async () => {
    const kase = await createLabCase(db, {
      clinicId: demo.id,
      actorId: doctorId,
      values: {
        patientId,
        appointmentId: null,
        labId: lab.id,
        caseType: "crown",
        teeth: [46],
        shade: null,
        material: null,
        instructions: null,
        priority: "normal",
        status: "draft",
      },
    });
    const error = await assertRejects(() =>
      changeCaseStatus(db, { clinicId: demo.id, caseId: kase.id, to: "sent_to_lab", actor: staff })
    ) as AppError;
    assertEquals([error.status, error.code], [422, "SHADE_REQUIRED"]);
    const [after] = await db.select().from(labCases).where(eq(labCases.id, kase.id));
    assertEquals(after.status, "draft");
  });

  await t.step(
    "two people moving the same case at once: one move wins, the other is refused",
    async () => {
      const kase = await createCase(db, {
        clinicId: demo.id,
        actorId: doctorId,
        patientId,
        labId: lab.id,
        path: ["sent_to_lab", "received_by_lab", "in_progress", "shipped"],
      });
      const results = await Promise.allSettled(
        [1, 2, 3].map(() =>
          changeCaseStatus(db, {
            clinicId: demo.id,
            caseId: kase.id,
            to: "delivered",
            actor: staff,
          })
        ),
      );
      assertEquals(
        results.filter((r) => r.status === "fulfilled").length,
        1,
      );
      for (const r of results) {
        if (r.status === "rejected") {
          assertEquals((r.reason as AppError).status, 409);
        }
      }
      const moves = await db.select().from(labCaseEvents).where(eq(labCaseEvents.caseId, kase.id));
      assertEquals(
        moves.filter((e) => e.toStatus === "delivered").length,
        1,
      );
    },
  );

  await t.step("cases created at once get distinct numbers", async () => {
    const made = await Promise.all(
      [1, 2, 3, 4].map(() =>
        createCase(db, { clinicId: demo.id, actorId: doctorId, patientId, labId: lab.id })
      ),
    );
    assertEquals(new Set(made.map((k) => k.number)).size, 4);
  });
});
