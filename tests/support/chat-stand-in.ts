/**
 * A local stand-in for an OpenAI-compatible chat-completions endpoint: it
 * records each request body and answers with the text `answer` gives, so a
 * test sees exactly what left the server and controls what came back.
 */
export interface ChatStandIn {
  /** The API root to configure (`AI_BASE_URL`). */
  url: string;
  /** Each request's parsed JSON body, in order. */
  requests: { messages: { role: string; content: string }[] }[];
  close(): Promise<void>;
}

export function chatStandIn(
  answer: (request: { messages: { role: string; content: string }[] }) => string | Response,
): ChatStandIn {
  const requests: ChatStandIn["requests"] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, async (req) => {
    const body = await req.json();
    requests.push(body);
    const reply = answer(body);
    if (reply instanceof Response) return reply;
    return Response.json({ choices: [{ message: { role: "assistant", content: reply } }] });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    requests,
    close: () => server.shutdown(),
  };
}
