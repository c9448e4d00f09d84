/**
 * The two Graph API calls the WhatsApp add-on makes, over plain `fetch`:
 * reading the phone number (the connection test) and sending a message.
 * The base URL and version come from config, so tests talk to a local
 * stand-in that answers in Meta's documented shapes.
 *
 * A refusal becomes a `GraphError` carrying Meta's `error.code` and
 * message; whether it is worth retrying is decided here, once. The access
 * token travels only in the Authorization header and never appears in an
 * error: Meta's message is scrubbed of it before it goes anywhere.
 *
 * @example
 * ```ts
 * const graph = { baseUrl: config.whatsapp.graphBaseUrl, version: config.whatsapp.graphVersion };
 * const phone = await fetchPhoneNumber(graph, { phoneNumberId, accessToken });
 * const { wamid } = await sendMessage(graph, { phoneNumberId, accessToken }, textMessage(to, "Hi"));
 * ```
 */

export interface GraphEndpoint {
  baseUrl: string;
  version: string;
  /** Tests may pass their own; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

export interface GraphCredentials {
  phoneNumberId: string;
  accessToken: string;
}

/**
 * Meta's throttling codes (app, account, pair rate limits) and its
 * transient "try again" codes: waiting helps. Everything else it refuses
 * will be refused again.
 */
const RETRYABLE_CODES = new Set([1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131056]);

export class GraphError extends Error {
  override name = "GraphError";
  constructor(
    message: string,
    /** HTTP status; 0 when the request never got an answer. */
    readonly httpStatus: number,
    /** Meta's `error.code`, when the answer carried one. */
    readonly code: number | null,
    /** Meta's short title or type, for the message log. */
    readonly title: string | null,
  ) {
    super(message);
  }

  /** Network failures, Graph 5xx and rate limits are retried; the rest are final. */
  get retryable(): boolean {
    if (this.httpStatus === 0 || this.httpStatus >= 500 || this.httpStatus === 429) return true;
    return this.code !== null && RETRYABLE_CODES.has(this.code);
  }
}

/** Removes every occurrence of the given secrets from a text that is about to be shown or stored. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length >= 4) clean = clean.split(secret).join("••••");
  }
  return clean;
}

function url(endpoint: GraphEndpoint, path: string): string {
  return `${endpoint.baseUrl}/${endpoint.version}/${path}`;
}

const TIMEOUT_MS = 15_000;

async function call(
  endpoint: GraphEndpoint,
  credentials: GraphCredentials,
  path: string,
  init: RequestInit = {},
): Promise<Record<string, unknown>> {
  if (!/^[0-9]{5,32}$/.test(credentials.phoneNumberId)) {
    throw new GraphError("The phone number ID must be digits", 400, null, "Invalid parameter");
  }
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${credentials.accessToken}`);
  let response: Response;
  try {
    response = await (endpoint.fetch ?? fetch)(url(endpoint, path), {
      ...init,
      headers,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.name : "network error";
    throw new GraphError(`Could not reach the WhatsApp Cloud API (${reason})`, 0, null, null);
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === "object") body = parsed;
  } catch {
    // A proxy's HTML error page: the status says enough.
  }
  if (response.ok) return body;
  const error = (body.error ?? {}) as Record<string, unknown>;
  const code = typeof error.code === "number" ? error.code : null;
  const details = (error.error_data as Record<string, unknown> | undefined)?.details;
  const message = typeof details === "string" && details
    ? details
    : typeof error.message === "string" && error.message
    ? error.message
    : `The WhatsApp Cloud API answered ${response.status}`;
  const title = typeof error.error_user_title === "string"
    ? error.error_user_title
    : typeof error.type === "string"
    ? error.type
    : null;
  throw new GraphError(
    scrubSecrets(message, [credentials.accessToken]).slice(0, 400),
    response.status,
    code,
    title ? scrubSecrets(title, [credentials.accessToken]).slice(0, 200) : null,
  );
}

export interface PhoneNumberInfo {
  displayPhoneNumber: string;
  verifiedName: string;
  qualityRating: string | null;
}

/** `GET /{version}/{phone-number-id}?fields=display_phone_number,verified_name,quality_rating` */
export async function fetchPhoneNumber(
  endpoint: GraphEndpoint,
  credentials: GraphCredentials,
): Promise<PhoneNumberInfo> {
  const body = await call(
    endpoint,
    credentials,
    `${credentials.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating`,
  );
  return {
    displayPhoneNumber: String(body.display_phone_number ?? ""),
    verifiedName: String(body.verified_name ?? ""),
    qualityRating: typeof body.quality_rating === "string" ? body.quality_rating : null,
  };
}

/** A message body as `POST /{phone-number-id}/messages` takes it. */
export type OutgoingMessage = Record<string, unknown> & { to: string; type: string };

/** Graph wants the recipient as digits with the country code, no `+`. */
export function graphRecipient(e164: string): string {
  return e164.replace(/^\+/, "");
}

export function textMessage(to: string, body: string): OutgoingMessage {
  return {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: graphRecipient(to),
    type: "text",
    text: { preview_url: false, body },
  };
}

export interface TemplateMessageInput {
  to: string;
  name: string;
  language: string;
  /** Body placeholders {{1}}, {{2}}, … in order. */
  bodyParams: readonly string[];
  /** Quick-reply button payloads, by button index. */
  quickReplies?: readonly string[];
}

export function templateMessage(input: TemplateMessageInput): OutgoingMessage {
  const components: Record<string, unknown>[] = [];
  if (input.bodyParams.length) {
    components.push({
      type: "body",
      parameters: input.bodyParams.map((text) => ({ type: "text", text })),
    });
  }
  input.quickReplies?.forEach((payload, index) =>
    components.push({
      type: "button",
      sub_type: "quick_reply",
      index: String(index),
      parameters: [{ type: "payload", payload }],
    })
  );
  return {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: graphRecipient(input.to),
    type: "template",
    template: { name: input.name, language: { code: input.language }, components },
  };
}

/** `POST /{version}/{phone-number-id}/messages`; returns Meta's message id. */
export async function sendMessage(
  endpoint: GraphEndpoint,
  credentials: GraphCredentials,
  message: OutgoingMessage,
): Promise<{ wamid: string }> {
  const body = await call(endpoint, credentials, `${credentials.phoneNumberId}/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  const messages = body.messages as { id?: unknown }[] | undefined;
  const wamid = messages?.[0]?.id;
  if (typeof wamid !== "string" || !wamid) {
    throw new GraphError("The WhatsApp Cloud API returned no message id", 502, null, null);
  }
  return { wamid };
}
