/**
 * `POST /otlp/v1/logs`: the OTLP/HTTP JSON logs receiver feeding the
 * superadmin's error log. No session: exporters authenticate with the
 * `OTLP_INGEST_TOKEN` bearer token, checked by the receiver. Refusals answer
 * JSON (`{ error, code }`) like the API, since the caller is a program.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/http/app-env.ts";
import { AppError } from "../lib/errors.ts";
import { receiveOtlpLogs } from "../lib/observability/otlp-receiver.ts";
import { publicPage } from "./_page.tsx";

export const otlpRoutes = new Hono<AppEnv>()
  .post("/otlp/v1/logs", publicPage(), async (c) => {
    const { db, config } = c.var.deps;
    try {
      await receiveOtlpLogs(db, c.req.raw, {
        token: config.observability.otlpIngestToken,
        now: new Date(),
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // A misconfigured exporter (or someone probing) shows up in the error log itself.
      if (error.status === 401) {
        console.warn("OTLP logs export refused: bearer token missing or wrong");
      }
      return c.json(error.toJSON(), error.status);
    }
    // An empty ExportLogsServiceResponse: everything accepted (records below WARN are not kept,
    // by design, which is not a rejection).
    return c.json({}, 200);
  });
