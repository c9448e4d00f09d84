/** Every device signed in to the account, each with a button that ends it. */
import { Badge, Button, Card } from "../ui/mod.ts";
import type { OwnSession } from "../../lib/auth/own-sessions.ts";
import { formatDateTime, formatRelative } from "../../lib/view/format.ts";

function SessionRow(
  { item: { session, device }, current, timeZone }: {
    item: OwnSession;
    current: boolean;
    timeZone: string;
  },
) {
  return (
    <li class="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center">
      <div class="min-w-0 flex-1">
        <p class="text-sm font-medium text-slate-900">
          {device}
          {current && <Badge tone="brand" class="ml-2">This device</Badge>}
        </p>
        <p class="mt-0.5 text-sm text-slate-500">
          {session.ip} · signed in {formatDateTime(new Date(session.createdAt), timeZone)} · active
          {" "}
          {formatRelative(new Date(session.lastRefreshedAt))}
        </p>
      </div>
      <form method="post" action={`/account/sessions/${session.id}/revoke`}>
        <Button type="submit" variant="danger" size="sm">{current ? "Sign out" : "Revoke"}</Button>
      </form>
    </li>
  );
}

export function SessionList(
  { items, currentId, timeZone }: {
    items: OwnSession[];
    currentId: string;
    timeZone: string;
  },
) {
  return (
    <Card title={`${items.length} active ${items.length === 1 ? "session" : "sessions"}`}>
      <ul class="divide-y divide-slate-100">
        {items.map((item) => (
          <SessionRow
            key={item.session.id}
            item={item}
            current={item.session.id === currentId}
            timeZone={timeZone}
          />
        ))}
      </ul>
    </Card>
  );
}
