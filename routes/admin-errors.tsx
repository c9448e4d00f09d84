/** Superadmin → Error logs: the grouped list with its filters, and one record's detail. */
import { Hono } from "hono";
import { ErrorLogsPage } from "../components/admin-errors/ErrorLogsPage.tsx";
import { ErrorRecordPage } from "../components/admin-errors/ErrorRecordPage.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { notFound } from "../lib/errors.ts";
import { readErrorLogFilters } from "../lib/observability/error-log-filters.ts";
import { getErrorRecord, listErrorGroups } from "../lib/observability/error-log-store.ts";
import { staffPage } from "./_page.tsx";

const PATH = "/admin/errors";

export const adminErrorRoutes = new Hono<AppEnv>()
  .get(PATH, staffPage({ superadmin: true }), async (c) => {
    const { db, config } = c.var.deps;
    const now = new Date();
    const filters = readErrorLogFilters(c.req.query());
    const groups = await listErrorGroups(db, filters, now);
    return c.render(
      <ErrorLogsPage
        groups={groups}
        filters={filters}
        now={now}
        receiverOn={!!config.observability.otlpIngestToken}
      />,
      { title: "Error logs", current: PATH },
    );
  })
  .get(`${PATH}/:id`, staffPage({ superadmin: true }), async (c) => {
    const record = await getErrorRecord(c.var.deps.db, c.req.param("id"));
    if (!record) throw notFound("No such error record");
    return c.render(<ErrorRecordPage record={record} />, { title: "Error record", current: PATH });
  });
