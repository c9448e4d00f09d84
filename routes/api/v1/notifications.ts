/** The signed-in member's in-app notifications: what the bell shows. */
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { AppError } from "../../../lib/errors.ts";
import type { AppEnv, ClinicScope } from "../../../lib/http/app-env.ts";
import {
  listForUser,
  markAllRead,
  markRead,
  type Notification,
  type Recipient,
  unreadCount,
} from "../../../lib/notifications/inbox.ts";
import { requirePermission } from "../../../lib/permissions/route-policy.ts";

const listQuery = z.object({
  limit: z.coerce.number().int().min(0).max(50).default(20),
  before: z.string().regex(/^[1-9][0-9]{0,15}$/, "before is the cursor of an earlier entry")
    .optional(),
}).strict();

/** The permission check put the signed-in clinic on the context. */
function recipientOf(c: Context<AppEnv & ClinicScope>): Recipient {
  return { clinicId: c.var.clinicId, userId: c.var.principal.userId };
}

function notificationJson(n: Notification) {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    read: n.readAt !== null,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
    /** Pass as `before` to page back from this entry. */
    cursor: String(n.seq),
  };
}

export const notificationsApi = new Hono<AppEnv>()
  .get("/", requirePermission("notifications.view"), async (c) => {
    const parsed = listQuery.safeParse(c.req.query());
    if (!parsed.success) {
      throw new AppError(
        400,
        "VALIDATION_FAILED",
        parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "),
      );
    }
    const { db } = c.var.deps;
    const recipient = recipientOf(c);
    const [notifications, unread] = await Promise.all([
      listForUser(db, recipient, {
        limit: parsed.data.limit,
        before: parsed.data.before ? Number(parsed.data.before) : undefined,
      }),
      unreadCount(db, recipient),
    ]);
    c.header("Cache-Control", "no-store");
    return c.json({ notifications: notifications.map(notificationJson), unread });
  })
  .post("/read-all", requirePermission("notifications.manage"), async (c) => {
    const marked = await markAllRead(c.var.deps.db, recipientOf(c));
    return c.json({ marked, unread: 0 });
  })
  .post("/:id/read", requirePermission("notifications.manage"), async (c) => {
    const { db } = c.var.deps;
    const recipient = recipientOf(c);
    const notification = await markRead(db, { ...recipient, id: c.req.param("id") });
    return c.json({
      notification: notificationJson(notification),
      unread: await unreadCount(db, recipient),
    });
  });
