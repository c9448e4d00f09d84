/**
 * `/api/v1/patient-invitations`: invite a patient to the patient portal
 * (`POST`, emailed through the outbox; inviting again replaces the open link)
 * and read a patient's portal access (`GET /:patientId`). The link itself is
 * only ever in the patient's email.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { requirePermission } from "../../../lib/permissions/route-policy.ts";
import {
  invitePatient,
  type PatientInvitation,
  portalAccessState,
} from "../../../lib/portal/invitations.ts";

const inviteBody = z.strictObject({
  patientId: z.string().max(64),
  /** Where the link goes; the patient's email on file when left out. */
  email: z.string().trim().max(320).nullable().optional(),
});

const invitationJson = (invitation: PatientInvitation) => ({
  id: invitation.id,
  patientId: invitation.patientId,
  email: invitation.email,
  createdAt: invitation.createdAt.toISOString(),
  expiresAt: invitation.expiresAt.toISOString(),
});

export const patientInvitationsApi = new Hono<AppEnv & ClinicScope>()
  .post("/", requirePermission("patients.edit"), jsonBody(inviteBody), async (c) => {
    const { deps, principal, clinicId } = c.var;
    const body = c.req.valid("json");
    const { invitation } = await invitePatient(deps.db, {
      clinicId,
      patientId: body.patientId,
      email: body.email,
      actorId: principal.userId,
      appUrl: deps.config.appUrl,
    });
    return c.json({ invitation: invitationJson(invitation) }, 201);
  })
  .get("/:patientId", requirePermission("patients.view"), async (c) => {
    const state = await portalAccessState(c.var.deps.db, c.var.clinicId, c.req.param("patientId"));
    return c.json({
      account: state.account && {
        email: state.account.email,
        createdAt: state.account.createdAt.toISOString(),
        lastLoginAt: state.account.lastLoginAt?.toISOString() ?? null,
      },
      invitation: state.open && invitationJson(state.open),
    });
  });
