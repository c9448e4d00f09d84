/**
 * A minimal HTTP/1.1 client for load generation: one keep-alive TCP
 * connection, one request in flight, GET only, bodies counted and dropped.
 *
 * `fetch` costs the load generator more CPU per request than a bare
 * `Deno.serve` handler costs the server, so on a small machine a fetch-driven
 * baseline measures the client. This client reads responses straight off the
 * socket, handling `Content-Length` and chunked bodies, and reconnects when
 * the server closes the connection.
 */

const CR = 13;
const LF = 10;
const latin1 = new TextDecoder("latin1");

export interface RawResponse {
  status: number;
  bodyBytes: number;
}

export class RawHttpConnection {
  #hostname: string;
  #port: number;
  #request: Uint8Array;
  #conn: Deno.TcpConn | null = null;
  #buf = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;

  constructor(url: URL, headers: Record<string, string> = {}) {
    if (url.protocol !== "http:") throw new Error(`plain http only, got ${url.protocol}`);
    this.#hostname = url.hostname;
    this.#port = Number(url.port || 80);
    const lines = [
      `GET ${url.pathname}${url.search} HTTP/1.1`,
      `Host: ${url.host}`,
      "User-Agent: odontox-bench",
      "Accept: text/html,*/*",
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    this.#request = new TextEncoder().encode(lines.join("\r\n") + "\r\n\r\n");
  }

  /** Sends the request and reads the whole response. */
  async get(): Promise<RawResponse> {
    if (!this.#conn) {
      this.#conn = await Deno.connect({ hostname: this.#hostname, port: this.#port });
      this.#conn.setNoDelay(true);
      this.#start = this.#end = 0;
    }
    try {
      await this.#writeAll(this.#request);
      return await this.#readResponse();
    } catch (error) {
      this.close();
      throw error;
    }
  }

  close(): void {
    try {
      this.#conn?.close();
    } catch { /* already closed */ }
    this.#conn = null;
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let written = 0;
    while (written < bytes.length) written += await this.#conn!.write(bytes.subarray(written));
  }

  async #readResponse(): Promise<RawResponse> {
    const statusLine = await this.#line();
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!match) throw new Error(`not an HTTP/1.x response: ${JSON.stringify(statusLine)}`);
    const status = Number(match[1]);
    let contentLength: number | null = null;
    let chunked = false;
    let closes = statusLine.startsWith("HTTP/1.0");
    for (let line = await this.#line(); line !== ""; line = await this.#line()) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === "content-length") contentLength = Number(value);
      else if (name === "transfer-encoding") chunked = value.split(",").pop()!.trim() === "chunked";
      else if (name === "connection") closes = value.includes("close");
    }

    let bodyBytes = 0;
    if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      // No body.
    } else if (chunked) {
      for (;;) {
        const size = parseInt(await this.#line(), 16);
        if (!Number.isFinite(size)) throw new Error("bad chunk size");
        if (size === 0) {
          while (await this.#line() !== ""); // trailers
          break;
        }
        await this.#skip(size);
        if (await this.#line() !== "") throw new Error("chunk not followed by CRLF");
        bodyBytes += size;
      }
    } else if (contentLength !== null) {
      await this.#skip(contentLength);
      bodyBytes = contentLength;
    } else {
      throw new Error("response without Content-Length or chunked encoding");
    }
    if (closes) this.close();
    return { status, bodyBytes };
  }

  /** Reads more bytes from the socket into the buffer. */
  async #fill(): Promise<void> {
    if (this.#start === this.#end) this.#start = this.#end = 0;
    if (this.#end === this.#buf.length) {
      if (this.#start > 0) {
        this.#buf.copyWithin(0, this.#start, this.#end);
        this.#end -= this.#start;
        this.#start = 0;
      } else {
        const bigger = new Uint8Array(this.#buf.length * 2);
        bigger.set(this.#buf);
        this.#buf = bigger;
      }
    }
    const n = await this.#conn!.read(this.#buf.subarray(this.#end));
    if (n === null) throw new Error("connection closed by the server");
    this.#end += n;
  }

  /** One header or chunk-size line, without its CRLF. */
  async #line(): Promise<string> {
    let from = this.#start;
    for (;;) {
      const lf = this.#buf.subarray(from, this.#end).indexOf(LF);
      if (lf !== -1) {
        const at = from + lf;
        const stop = at > this.#start && this.#buf[at - 1] === CR ? at - 1 : at;
        const line = latin1.decode(this.#buf.subarray(this.#start, stop));
        this.#start = at + 1;
        return line;
      }
      from = this.#end - this.#start; // offset survives a compaction in #fill
      await this.#fill();
      from += this.#start;
    }
  }

  /** Consumes `count` body bytes without keeping them. */
  async #skip(count: number): Promise<void> {
    while (count > 0) {
      if (this.#start === this.#end) await this.#fill();
      const take = Math.min(count, this.#end - this.#start);
      this.#start += take;
      count -= take;
    }
  }
}
