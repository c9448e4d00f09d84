/**
 * `GET /api/v1/events`: the live event stream (Server-Sent Events) of the
 * signed-in member's clinic.
 *
 * Any active member may open it; what it carries is filtered per event by the
 * permission the event names. `Last-Event-ID` (the header the browser sends on
 * its own reconnects, or `?lastEventId=` on a fresh EventSource) replays what
 * was missed; a value that is not an event id is refused with 400, since
 * ignoring it would silently drop the replay the client asked for.
 * `?types=a.b,c.d` limits the stream to those event types.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../../lib/http/app-env.ts";
import { AppError, badRequest, forbidden } from "../../../lib/errors.ts";
import { accessOf, signedIn } from "../../../lib/permissions/route-policy.ts";
import { loadAccess } from "../../../lib/permissions/access.ts";
import { openEventStream, SSE_HEADERS } from "../../../lib/events/stream.ts";

const EVENT_ID = /^\d{1,15}$/;
const EVENT_TYPE = /^[a-z_]+(\.[a-z_]+)+$/;
const MAX_TYPES = 20;

export function parseLastEventId(raw: string | undefined): number | null {
  const value = raw?.trim();
  if (!value) return null;
  if (!EVENT_ID.test(value)) {
    throw new AppError(400, "INVALID_LAST_EVENT_ID", "Last-Event-ID must be an event id");
  }
  return Number(value);
}

export function parseTypes(raw: string | undefined): Set<string> | null {
  if (raw === undefined || raw.trim() === "") return null;
  const types = raw.split(",").map((t) => t.trim()).filter(Boolean);
  if (types.length > MAX_TYPES || !types.every((t) => EVENT_TYPE.test(t))) {
    throw badRequest("types must be a comma-separated list of event types like xray.captured");
  }
  return new Set(types);
}

export const eventsApi = new Hono<AppEnv>()
  .get("/", signedIn(), async (c) => {
    const access = await accessOf(c);
    if (!access) throw forbidden("NO_CLINIC", "Live events are for the staff of a clinic");
    const lastEventId = parseLastEventId(
      c.req.header("last-event-id") ?? c.req.query("lastEventId"),
    );
    const types = parseTypes(c.req.query("types"));
    const { deps, principal } = c.var;
    const body = await openEventStream({
      hub: deps.events,
      db: deps.db,
      clinicId: access.clinicId,
      access,
      reloadAccess: () => loadAccess(deps.db, principal.userId, access.clinicId),
      lastEventId,
      types,
      streamMs: deps.config.events.streamSeconds * 1000,
      heartbeatMs: deps.config.events.heartbeatSeconds * 1000,
    });
    return new Response(body, { headers: SSE_HEADERS });
  });
