/**
 * `POST /api/v1/appointments/respond` `{ token }`: the patient's confirm or
 * cancel from the email link. No session; the signed
 * token is the authority, and a client IP gets 10 tries a minute, counted in
 * Deno KV so the limit holds across instances.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { clientIp } from "../../../lib/http/client-ip.ts";
import { jsonBody } from "../../../lib/http/validation.ts";
import { publicRoute } from "../../../lib/permissions/route-policy.ts";
import {
  countResponseAttempt,
  respondToAppointment,
} from "../../../lib/appointments/patient-response.ts";
import { MAX_TOKEN_LENGTH } from "../../../lib/appointment-tokens.ts";

// Token shape is the token module's business; here only a sane string size.
const respondBody = z.object({ token: z.string().max(MAX_TOKEN_LENGTH * 4) });

export const appointmentRespondApi = new Hono<AppEnv>()
  .post(
    "/respond",
    publicRoute(),
    async (c, next) => {
      await countResponseAttempt(c.var.deps.kv, clientIp(c));
      await next();
    },
    jsonBody(respondBody),
    async (c) => {
      const { config } = c.var.deps;
      const answer = await respondToAppointment(c.var.deps, {
        token: c.req.valid("json").token,
        encryptionKey: config.encryptionKey,
      });
      c.header("Cache-Control", "no-store");
      if (answer.alreadyProcessed) {
        return c.json({
          ok: true,
          alreadyProcessed: true,
          status: answer.status,
          clinicName: answer.clinicName,
        });
      }
      return c.json({
        ok: true,
        status: answer.status,
        patientName: answer.patientName,
        clinicName: answer.clinicName,
        appointmentDate: answer.appointmentDate,
        appointmentTime: answer.appointmentTime,
      });
    },
  );
