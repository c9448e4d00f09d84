import { initialStatus, renderStatusPage, serveStatusPage } from "../../bridge/status.ts";
import { assert, assertEquals, assertMatch } from "../support/assert.ts";

async function rawGet(port: number, host: string): Promise<string> {
  using connection = await Deno.connect({ hostname: "127.0.0.1", port });
  await connection.write(
    new TextEncoder().encode(
      `GET /status.json HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    ),
  );
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of connection.readable) text += decoder.decode(chunk, { stream: true });
  return text;
}

Deno.test("the status page puts a refused key first and escapes file names", () => {
  const status = initialStatus("C:\\Sensor", "https://clinic.example.com");
  status.state = "key-problem";
  status.queueLength = 3;
  status.lastError = {
    message: "this device was revoked in Settings → Bridge Devices",
    at: new Date().toISOString(),
    retryAt: null,
  };
  status.lastUpload = {
    fileName: "<img src=x onerror=alert(1)>.jpg",
    at: new Date().toISOString(),
    captureId: "c1",
    patientId: null,
    status: "unassigned",
    duplicate: false,
  };
  const html = renderStatusPage(status);
  assert(html.includes("Device key refused — captures wait in the queue: this device was revoked"));
  assert(html.includes("<th>Waiting to upload</th><td>3</td>"));
  assert(!html.includes("<img"), "a file name became markup");
  assert(html.includes("in Unassigned captures"));
});

Deno.test("the status page answers on the loopback only, by address", async () => {
  const controller = new AbortController();
  const server = serveStatusPage(0, () => initialStatus("/watch", "http://x"), controller.signal);
  const port = server.addr.port;
  try {
    const json = await fetch(`http://127.0.0.1:${port}/status.json`).then((r) => r.json());
    assertEquals([json.state, json.queueLength, json.watchDir], ["idle", 0, "/watch"]);
    // fetch() always sends the real host, so a rebinding page's request is written by hand.
    assertMatch(await rawGet(port, "evil.example"), /^HTTP\/1\.1 403/);
    assertMatch(await rawGet(port, `localhost:${port}`), /^HTTP\/1\.1 200/);
    assertEquals(server.addr.hostname, "127.0.0.1");
  } finally {
    controller.abort();
    await server.finished;
  }
});
