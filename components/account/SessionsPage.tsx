/** "My sessions": where a user sees every device signed in and ends one or all of them. */
import { Button, PageHeader } from "../ui/mod.ts";
import type { OwnSession } from "../../lib/auth/own-sessions.ts";
import { SessionList } from "./SessionList.tsx";

export function SessionsPage(
  { items, currentId, timeZone }: {
    items: OwnSession[];
    currentId: string;
    timeZone: string;
  },
) {
  return (
    <>
      <PageHeader
        title="My sessions"
        subtitle="Every browser and app signed in to your account. Revoke any you do not recognise."
      >
        <form method="post" action="/account/sessions/revoke-all" data-signout>
          <Button type="submit" variant="danger">Sign out everywhere</Button>
        </form>
      </PageHeader>
      <SessionList items={items} currentId={currentId} timeZone={timeZone} />
    </>
  );
}
