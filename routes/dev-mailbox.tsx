/**
 * The development mailbox: what the outbox holds, as the recipient would see
 * it. With the default `log` provider nothing leaves the machine, so this is
 * where a developer reads invitations and appointment emails (and follows
 * their links). Outside production only: there it answers 404, signed in or
 * not. A platform administrator sees every message; a clinic member with
 * `notifications.email.view` sees their clinic's.
 */
import { Hono } from "hono";
import type { MiddlewareHandler } from "hono";
import { MailboxMessagePage } from "../components/mailbox/MailboxMessagePage.tsx";
import { MAILBOX_PATH, MailboxPage } from "../components/mailbox/MailboxPage.tsx";
import {
  canReadMailbox,
  MAILBOX_STATUSES,
  mailboxStatus,
  openMailboxAttachment,
  openMailboxMessage,
  readMailbox,
} from "../lib/email/mailbox.ts";
import { forbidden, notFound } from "../lib/errors.ts";
import type { AppEnv, StaffPageScope } from "../lib/http/app-env.ts";
import { staffPage } from "./_page.tsx";

/** Before the session guard, so production gives no hint the page exists. */
const developmentOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.var.deps.config.env === "production") throw notFound();
  await next();
};

/**
 * "A superadmin, or a member with the permission": `staffPage` takes one
 * requirement, so the either-or is checked here, after it.
 */
const mailboxReader: MiddlewareHandler<AppEnv & StaffPageScope> = async (c, next) => {
  if (!canReadMailbox(c.var.me)) {
    throw forbidden("FORBIDDEN", "You do not have access to this page", {
      permission: "notifications.email.view",
    });
  }
  await next();
};

export const devMailboxRoutes = new Hono<AppEnv>()
  .get(MAILBOX_PATH, developmentOnly, staffPage(), mailboxReader, async (c) => {
    const { deps, me } = c.var;
    const filter = mailboxStatus(c.req.query("status"));
    return c.render(
      <MailboxPage
        messages={await readMailbox(deps.db, me, filter)}
        statuses={MAILBOX_STATUSES}
        filter={filter}
        provider={deps.config.email.provider}
        allClinics={me.user.isSuperadmin}
        now={new Date()}
      />,
      { title: "Dev mailbox", current: MAILBOX_PATH },
    );
  })
  .get(`${MAILBOX_PATH}/:id`, developmentOnly, staffPage(), mailboxReader, async (c) => {
    const { deps, me } = c.var;
    const message = await openMailboxMessage(deps.db, me, c.req.param("id"));
    return c.render(
      <MailboxMessagePage
        message={message}
        timeZone={me.clinic?.timeZone ?? "Asia/Karachi"}
        from={deps.config.email.from}
      />,
      { title: `${message.subject} · Dev mailbox`, current: MAILBOX_PATH },
    );
  })
  .get(
    `${MAILBOX_PATH}/:id/attachments/:position`,
    developmentOnly,
    staffPage(),
    mailboxReader,
    async (c) => {
      const { deps, me } = c.var;
      const file = await openMailboxAttachment(
        deps.db,
        me,
        c.req.param("id"),
        c.req.param("position"),
      );
      return new Response(file.content as Uint8Array<ArrayBuffer>, {
        headers: {
          "content-type": file.contentType,
          "content-disposition": `attachment; filename="${file.filename.replace(/"/g, "")}"`,
          "cache-control": "private, no-store",
        },
      });
    },
  );
