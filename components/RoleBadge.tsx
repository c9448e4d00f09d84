/** Staff roles as people read them, and the coloured badge that shows one. */
import { Badge, type BadgeTone } from "./ui/Badge.tsx";

export const ROLE_LABELS: Record<string, string> = {
  owner: "Owner",
  admin: "Admin",
  doctor: "Doctor",
  nurse: "Nurse",
  reception: "Reception",
};

const ROLE_TONES: Record<string, BadgeTone> = {
  owner: "brand",
  admin: "indigo",
  doctor: "sky",
  nurse: "amber",
  reception: "rose",
};

export function RoleBadge({ role }: { role: string }) {
  return <Badge tone={ROLE_TONES[role] ?? "slate"}>{ROLE_LABELS[role] ?? role}</Badge>;
}
