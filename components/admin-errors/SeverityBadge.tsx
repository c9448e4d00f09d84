/** An error log record's severity (OTLP severity number) as a coloured label. */
import { severityName } from "../../lib/observability/severity.ts";
import { Badge, type BadgeTone } from "../ui/mod.ts";

const TONES: Record<string, BadgeTone> = { WARN: "amber", ERROR: "red", FATAL: "rose" };

export function SeverityBadge({ number }: { number: number }) {
  const name = severityName(number);
  return (
    <Badge tone={TONES[name] ?? "slate"} dot class="shrink-0" title={`Severity ${number}`}>
      <span data-severity={name}>{name}</span>
    </Badge>
  );
}
