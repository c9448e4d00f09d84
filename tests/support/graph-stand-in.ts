/**
 * A local stand-in for Meta's Graph API, speaking the WhatsApp Cloud API's
 * documented shapes: `GET /{version}/{phone-number-id}?fields=…` answers
 * the number's display name, `POST /{version}/{phone-number-id}/messages`
 * answers a `wamid`, and refusals carry `{ error: { message, type, code,
 * error_data: { details } } }`. Tests script failures per call, read every
 * request it received, and sign webhook bodies as Meta would.
 */
import { signWebhookBody } from "../../lib/whatsapp/signature.ts";

export interface StandInRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: Record<string, unknown> | null;
}

export interface ScriptedAnswer {
  status: number;
  body: unknown;
}

export function graphError(
  status: number,
  code: number,
  message: string,
  title = "OAuthException",
) {
  return {
    status,
    body: {
      error: {
        message,
        type: title,
        code,
        error_data: { messaging_product: "whatsapp", details: message },
        fbtrace_id: "AbCdEf",
      },
    },
  };
}

export class GraphStandIn {
  readonly requests: StandInRequest[] = [];
  /** Answers for the next `POST …/messages` calls, in order; then success. */
  readonly sendScript: ScriptedAnswer[] = [];
  /** Access tokens the stand-in accepts, by phone number id. */
  readonly tokens = new Map<string, string>();
  verifiedName = "Demo Dental Clinic";
  displayPhoneNumber = "+92 300 1234567";
  #server: Deno.HttpServer<Deno.NetAddr>;
  #sequence = 0;

  constructor() {
    this.#server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen: () => {} },
      (request) => this.#answer(request),
    );
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.#server.addr.port}`;
  }

  sends(): StandInRequest[] {
    return this.requests.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
  }

  async #answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const text = await request.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    const authorization = request.headers.get("authorization");
    this.requests.push({ method: request.method, path: url.pathname, authorization, body });
    const match = /^\/v\d+\.\d\/(\d+)(\/messages)?$/.exec(url.pathname);
    if (!match) return Response.json(graphError(404, 803, "Unknown path").body, { status: 404 });
    const [, phoneNumberId, messages] = match;
    if (authorization !== `Bearer ${this.tokens.get(phoneNumberId)}`) {
      const error = graphError(401, 190, "Error validating access token: Session has expired.");
      return Response.json(error.body, { status: error.status });
    }
    if (!messages) {
      return Response.json({
        display_phone_number: this.displayPhoneNumber,
        verified_name: this.verifiedName,
        quality_rating: "GREEN",
        id: phoneNumberId,
      });
    }
    const scripted = this.sendScript.shift();
    if (scripted) return Response.json(scripted.body, { status: scripted.status });
    const to = String(body?.to ?? "");
    return Response.json({
      messaging_product: "whatsapp",
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: `wamid.standin${++this.#sequence}` }],
    });
  }

  async close(): Promise<void> {
    await this.#server.shutdown();
  }
}

/** A `messages` webhook as Meta delivers it, for one number. */
export function webhookPayload(
  phoneNumberId: string,
  value: { messages?: unknown[]; statuses?: unknown[]; contacts?: unknown[] },
) {
  return {
    object: "whatsapp_business_account",
    entry: [{
      id: "102290129340398",
      changes: [{
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId },
          ...value,
        },
      }],
    }],
  };
}

export function textFrom(
  from: string,
  id: string,
  body: string,
  name = "Sara Ali",
  at = new Date(),
) {
  return {
    contacts: [{ profile: { name }, wa_id: from }],
    messages: [{
      from,
      id,
      timestamp: String(Math.floor(at.getTime() / 1000)),
      type: "text",
      text: { body },
    }],
  };
}

export function buttonFrom(
  from: string,
  id: string,
  label: string,
  payload: string,
  at = new Date(),
) {
  return {
    contacts: [{ profile: { name: "Sara Ali" }, wa_id: from }],
    messages: [{
      from,
      id,
      timestamp: String(Math.floor(at.getTime() / 1000)),
      type: "button",
      context: { from: "15550783881", id: "wamid.context" },
      button: { text: label, payload },
    }],
  };
}

export function statusOf(wamid: string, status: string, at: Date, errors?: unknown[]) {
  return {
    statuses: [{
      id: wamid,
      status,
      timestamp: String(Math.floor(at.getTime() / 1000)),
      recipient_id: "923001234567",
      ...(errors ? { errors } : {}),
    }],
  };
}

/** The body bytes and the headers Meta would send them with. */
export async function signedDelivery(appSecret: string, payload: unknown) {
  const bytes: Uint8Array<ArrayBuffer> = new TextEncoder().encode(JSON.stringify(payload));
  return {
    bytes,
    headers: {
      "content-type": "application/json",
      "x-hub-signature-256": await signWebhookBody(appSecret, bytes),
    },
  };
}
