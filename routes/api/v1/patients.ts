/**
 * Patients API: list with search and paging,
 * register, read, change. Numbers come back E.164 to members who may see
 * them and as null to everyone else; nothing sealed ever leaves the server.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { AppError } from "../../../lib/errors.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import type { Access } from "../../../lib/permissions/access.ts";
import { accessOf, requirePermission } from "../../../lib/permissions/route-policy.ts";
import { newPatientSchema, patientChangesSchema } from "../../../lib/patients/fields.ts";
import {
  patientTagList,
  patientTagsBody as tagsBody,
  setPatientTags,
} from "../../../lib/treatment/patient-tags.ts";
import {
  createPatient,
  DEFAULT_PAGE_SIZE,
  findPatientReference,
  getPatient,
  listPatients,
  MAX_PAGE_SIZE,
  type Patient,
  updatePatient,
} from "../../../lib/patients/records.ts";

const listQuery = z.strictObject({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function patientJson(patient: Patient) {
  return {
    id: patient.id,
    mrn: patient.mrn,
    fullName: patient.fullName,
    dateOfBirth: patient.dateOfBirth,
    gender: patient.gender,
    email: patient.email,
    phone: patient.phone,
    whatsappPhone: patient.whatsappPhone,
    address: patient.address,
    medicalAlerts: patient.medicalAlerts,
    createdAt: patient.createdAt.toISOString(),
    updatedAt: patient.updatedAt.toISOString(),
  };
}

/** Every route here requires a clinic permission, so a member's access is always there. */
async function memberAccess(c: Context<AppEnv & ClinicScope>): Promise<Access> {
  return (await accessOf(c))!;
}

export const patientsApi = new Hono<AppEnv>()
  .get("/", requirePermission("patients.view"), async (c) => {
    const parsed = listQuery.safeParse(c.req.query());
    if (!parsed.success) {
      throw new AppError(
        400,
        "VALIDATION_FAILED",
        parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "),
      );
    }
    const { q, limit, offset } = parsed.data;
    const { db, config } = c.var.deps;
    const page = await listPatients(db, config.encryptionKey, await memberAccess(c), {
      query: q,
      limit,
      offset,
    });
    c.header("Cache-Control", "no-store");
    return c.json({
      patients: page.patients.map(patientJson),
      total: page.total,
      limit: page.limit,
      offset: page.offset,
    });
  })
  .post("/", requirePermission("patients.create"), jsonBody(newPatientSchema), async (c) => {
    const { db, config } = c.var.deps;
    const patient = await createPatient(db, config.encryptionKey, {
      access: await memberAccess(c),
      actorId: c.var.principal.userId,
      fields: c.req.valid("json"),
    });
    c.header("Cache-Control", "no-store");
    return c.json(patientJson(patient), 201);
  })
  .get("/:id", requirePermission("patients.view"), async (c) => {
    const { db, config } = c.var.deps;
    const patient = await getPatient(
      db,
      config.encryptionKey,
      await memberAccess(c),
      c.req.param("id"),
    );
    c.header("Cache-Control", "no-store");
    return c.json(patientJson(patient));
  })
  .patch("/:id", requirePermission("patients.edit"), jsonBody(patientChangesSchema), async (c) => {
    const { db, config } = c.var.deps;
    const patient = await updatePatient(db, config.encryptionKey, {
      access: await memberAccess(c),
      actorId: c.var.principal.userId,
      patientId: c.req.param("id"),
      changes: c.req.valid("json"),
    });
    c.header("Cache-Control", "no-store");
    return c.json(patientJson(patient));
  })
  .get("/:id/tags", requirePermission("patients.view"), async (c) => {
    const { db } = c.var.deps;
    const patient = await findPatientReference(db, c.var.clinicId, c.req.param("id"));
    return c.json({ tags: await patientTagList(db, c.var.clinicId, patient.id) });
  })
  .put("/:id/tags", requirePermission("patients.edit"), jsonBody(tagsBody), async (c) => {
    const tags = await setPatientTags(c.var.deps.db, {
      clinicId: c.var.clinicId,
      actorId: c.var.principal.userId,
      patientId: c.req.param("id"),
      text: c.req.valid("json").tags.join(","),
    });
    return c.json({ tags });
  });
