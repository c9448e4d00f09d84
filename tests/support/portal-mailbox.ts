/**
 * The newest patient-portal invitation link the development mailbox holds
 * for an address, read as the clinic's staff would read it (Bearer token).
 */
export async function portalInviteLink(
  baseUrl: string,
  token: string,
  to: string,
): Promise<string> {
  const get = async (path: string) => {
    const res = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
    return await res.text();
  };
  const list = await get("/dev/mailbox");
  const ids = [...list.matchAll(/href="\/dev\/mailbox\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
  for (const id of ids.slice(0, 20)) {
    const message = await get(`/dev/mailbox/${id}`);
    if (!message.includes(to)) continue;
    const link = message.match(/\/patient-invite\/([A-Za-z0-9_-]{43})/);
    if (link) return `/patient-invite/${link[1]}`;
  }
  throw new Error(`no portal invitation for ${to} in the mailbox`);
}
