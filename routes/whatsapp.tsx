/**
 * WhatsApp pages: Settings → WhatsApp (connection, templates, disconnect)
 * and its message log, the clinic inbox and each conversation with its
 * reply box. Every page needs the `whatsapp_api` module first, then its
 * permission: configuration for admins, messages for the front desk.
 */
import { type Context, Hono } from "hono";
import type { AppDeps, AppEnv, ClinicScope, StaffPageScope } from "../lib/http/app-env.ts";
import type { StaffContext } from "../lib/auth/staff-context.ts";
import { submitForm } from "../lib/http/form.ts";
import { notFound } from "../lib/errors.ts";
import { can } from "../lib/permissions/access.ts";
import {
  activeConnectionRow,
  connectionFields,
  connectionView,
  disconnect,
  MASK,
  saveConnection,
  saveTemplates,
  WHATSAPP_MODULE,
} from "../lib/whatsapp/connection.ts";
import { templateForm } from "../lib/whatsapp/templates.ts";
import { listMessageLog, LOG_KINDS, LOG_STATUSES, logFilter } from "../lib/whatsapp/message-log.ts";
import {
  type ConversationKey,
  getConversation,
  listConversations,
  markConversationRead,
  parseConversationKey,
  replyForm,
  sendFollowUpTemplate,
  sendReply,
  unreadCount,
} from "../lib/whatsapp/conversations.ts";
import { runAfterResponse } from "../lib/whatsapp/background.ts";
import { deliverWhatsappOutbox } from "../lib/whatsapp/sender.ts";
import { ConnectionPage } from "../components/whatsapp/ConnectionPage.tsx";
import { MessageLogPage } from "../components/whatsapp/MessageLogPage.tsx";
import { InboxPage } from "../components/whatsapp/InboxPage.tsx";
import { ConversationPage } from "../components/whatsapp/ConversationPage.tsx";
import { ConversationView } from "../components/whatsapp/ConversationView.tsx";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { staffPage } from "./_page.tsx";

type PageContext = Context<AppEnv & StaffPageScope & ClinicScope>;

const guard = (permission: string) => staffPage({ module: WHATSAPP_MODULE, permission });
const timeZoneOf = (c: PageContext) => c.var.me.clinic?.timeZone ?? "Asia/Karachi";
const SECRET_FIELDS = ["accessToken", "verifyToken", "appSecret"];

async function renderConnection(
  c: PageContext,
  refused?: {
    values: Record<string, string>;
    problem: { message: string; fields: Record<string, string> };
  },
) {
  const { deps, clinicId, me } = c.var;
  const access = me.access!;
  const view = await connectionView(deps.db, deps.config.appUrl, clinicId);
  // A page never carries a secret: typed ones are dropped, masked ones stay masked.
  const values = refused && Object.fromEntries(
    Object.entries(refused.values).filter(([key, value]) =>
      !SECRET_FIELDS.includes(key) || value.startsWith(MASK)
    ),
  );
  return c.render(
    <ConnectionPage
      view={view}
      may={{
        edit: can(access, "whatsapp.config.edit"),
        test: can(access, "whatsapp.config.test"),
        templates: can(access, "whatsapp.templates.manage"),
        logs: can(access, "whatsapp.logs.view"),
      }}
      timeZone={timeZoneOf(c)}
      notice={c.req.query("notice")}
      values={values}
      problem={refused?.problem}
    />,
    { title: "WhatsApp", current: "/settings" },
  );
}

function conversationKeyOf(c: PageContext): ConversationKey {
  const key = parseConversationKey(c.req.param("key") ?? "");
  if (!key) throw notFound("Conversation not found");
  return key;
}

async function renderConversation(c: PageContext, refused?: { problem: string; text: string }) {
  const { deps, clinicId, me } = c.var;
  const key = conversationKeyOf(c);
  const now = new Date();
  const conversation = await getConversation(deps.db, clinicId, key, now);
  await markConversationRead(deps.db, clinicId, key, now);
  return c.render(
    <ConversationPage
      conversation={conversation}
      timeZone={timeZoneOf(c)}
      canSend={can(me.access, "whatsapp.messages.send")}
      connected={Boolean(await activeConnectionRow(deps.db, clinicId))}
      problem={refused?.problem}
      text={refused?.text}
    />,
    { title: `WhatsApp · ${conversation.name}`, current: "/whatsapp" },
  );
}

/** Sends the message now rather than on the next cron tick; the outbox keeps it if this fails. */
function sendSoon(c: PageContext, messageId: string) {
  const { deps } = c.var;
  runAfterResponse("whatsapp send", () => deliverWhatsappOutbox(deps, new Date(), messageId));
}

export const whatsappRoutes = new Hono<AppEnv>()
  .get("/settings/whatsapp", guard("whatsapp.config.view"), (c) => renderConnection(c))
  .post(
    "/settings/whatsapp",
    guard("whatsapp.config.edit"),
    (c) =>
      submitForm(c, connectionFields, {
        onValid: async (fields) => {
          await saveConnection(c.var.deps, {
            clinicId: c.var.clinicId,
            actorId: c.var.principal.userId,
            fields,
          });
          return c.redirect("/settings/whatsapp?notice=saved", 303);
        },
        onProblem: (values, problem) => renderConnection(c, { values, problem }),
      }),
  )
  .post(
    "/settings/whatsapp/templates",
    guard("whatsapp.templates.manage"),
    (c) =>
      submitForm(c, templateForm, {
        onValid: async (templates) => {
          await saveTemplates(c.var.deps.db, {
            clinicId: c.var.clinicId,
            actorId: c.var.principal.userId,
            templates,
          });
          return c.redirect("/settings/whatsapp?notice=templates", 303);
        },
        onProblem: (values, problem) => renderConnection(c, { values, problem }),
      }),
  )
  .post("/settings/whatsapp/disconnect", guard("whatsapp.config.edit"), async (c) => {
    await disconnect(c.var.deps.db, { clinicId: c.var.clinicId, actorId: c.var.principal.userId });
    return c.redirect("/settings/whatsapp?notice=disconnected", 303);
  })
  .get("/settings/whatsapp/messages", guard("whatsapp.logs.view"), async (c) => {
    const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ""));
    const parsed = logFilter.safeParse(query);
    const filter = parsed.success ? parsed.data : { page: 1 };
    const log = await listMessageLog(c.var.deps.db, c.var.clinicId, filter);
    return c.render(
      <MessageLogPage
        log={log}
        filter={filter}
        timeZone={timeZoneOf(c)}
        statuses={LOG_STATUSES}
        kinds={LOG_KINDS}
      />,
      {
        title: "WhatsApp messages",
        current: "/settings",
      },
    );
  })
  .get("/whatsapp", staffPage(PAGE_ACCESS.whatsapp), async (c) => {
    const { deps, clinicId, me } = c.var;
    const now = new Date();
    const [conversations, unread, connection] = await Promise.all([
      listConversations(deps.db, clinicId, now),
      unreadCount(deps.db, clinicId),
      activeConnectionRow(deps.db, clinicId),
    ]);
    return c.render(
      <InboxPage
        conversations={conversations}
        unread={unread}
        connected={Boolean(connection)}
        now={now}
        canConfigure={can(me.access, "whatsapp.config.view")}
      />,
      { title: "WhatsApp" },
    );
  })
  .get("/whatsapp/:key", guard("whatsapp.messages.view"), (c) => renderConversation(c))
  .post("/whatsapp/:key/reply", guard("whatsapp.messages.send"), (c) =>
    submitForm(c, replyForm, {
      onValid: async ({ text }) => {
        const key = conversationKeyOf(c);
        const id = await sendReply(c.var.deps.db, {
          clinicId: c.var.clinicId,
          key,
          text,
          actorId: c.var.principal.userId,
          now: new Date(),
        });
        sendSoon(c, id);
        return c.redirect(`/whatsapp/${c.req.param("key")}`, 303);
      },
      onProblem: (values, problem) =>
        renderConversation(c, { problem: problem.message, text: values.text ?? "" }),
    }))
  .post("/whatsapp/:key/template", guard("whatsapp.messages.send"), async (c) => {
    const id = await sendFollowUpTemplate(c.var.deps.db, {
      clinicId: c.var.clinicId,
      key: conversationKeyOf(c),
      actorId: c.var.principal.userId,
      now: new Date(),
    });
    sendSoon(c, id);
    return c.redirect(`/whatsapp/${c.req.param("key")}`, 303);
  });

/** The patient record's WhatsApp tab: the same conversation, opened (and read) in place. */
export async function patientWhatsappTab(deps: AppDeps, me: StaffContext, patientId: string) {
  const clinicId = me.clinic!.id;
  const now = new Date();
  const key = { patientId };
  const conversation = await getConversation(deps.db, clinicId, key, now);
  await markConversationRead(deps.db, clinicId, key, now);
  return (
    <ConversationView
      conversation={conversation}
      timeZone={me.clinic?.timeZone ?? "Asia/Karachi"}
      canSend={can(me.access, "whatsapp.messages.send")}
      connected={Boolean(await activeConnectionRow(deps.db, clinicId))}
    />
  );
}
