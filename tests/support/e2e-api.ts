/**
 * The JSON API of the server a browser test shares (`shareServerAndBrowser`
 * in browser.ts), called as a script would: a Bearer token, no cookies. Tests
 * use it to set up what the browser then looks at.
 */
import type { ServerProcess } from "./server-process.ts";

export interface Booking {
  patientId: string;
  doctorId: string;
  operatoryId: string;
  startsAt: string;
  durationMinutes: number;
  type: string;
  allowClosed?: boolean;
}

export function serverApi(rig: { server?: ServerProcess }) {
  /** The server process; read inside a test, after `beforeAll` started it. */
  function app(): ServerProcess {
    if (!rig.server) throw new Error("the server did not start (see beforeAll)");
    return rig.server;
  }

  /** A JSON request; a non-2xx answer throws with its body, so setup cannot fail quietly. */
  async function api(token: string | null, method: string, path: string, body?: unknown) {
    const response = await fetch(`${app().url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    }
    return json;
  }

  /** Posts raw bytes (a ZIP, a capture) with their headers; the JSON reply, throwing on non-2xx. */
  async function upload(
    token: string,
    path: string,
    bytes: Uint8Array,
    headers: Record<string, string>,
  ) {
    const response = await fetch(`${app().url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...headers },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** Signs a demo account in through the API. */
  async function signIn(email: string): Promise<{ token: string; userId: string }> {
    const body = await api(null, "POST", "/api/v1/auth/login", {
      email,
      password: "demo-password",
    });
    return { token: body.accessToken as string, userId: body.user.id as string };
  }

  /** Books an appointment and answers it as the API returns it. */
  async function book(token: string, booking: Booking) {
    const { appointment } = await api(token, "POST", "/api/v1/appointments", booking);
    return appointment;
  }

  /** A failing test's error with the tail of the server's output, where the cause usually shows. */
  function withServerOutput(error: unknown): unknown {
    if (error instanceof Error && rig.server) {
      error.message += `\n--- server output (tail) ---\n${rig.server.output().slice(-3_000)}`;
    }
    return error;
  }

  return { app, api, upload, signIn, book, withServerOutput };
}
