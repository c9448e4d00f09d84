/** Whether a member can sign in: active, invited, or deactivated. */
import { Badge } from "../ui/mod.ts";
import type { MemberStatus } from "../../lib/staff/members.ts";

const LABELS: Record<MemberStatus, string> = {
  active: "Active",
  invited: "Invited",
  deactivated: "Deactivated",
};

export function MemberStatusBadge({ status }: { status: MemberStatus }) {
  return <Badge tone={status === "active" ? "green" : "slate"} dot>{LABELS[status]}</Badge>;
}
