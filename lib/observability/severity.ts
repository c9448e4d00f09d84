/** OTLP severity numbers: 13–16 WARN, 17–20 ERROR, 21–24 FATAL (below 13 is never stored). */
export function severityName(number: number): string {
  if (number >= 21) return "FATAL";
  if (number >= 17) return "ERROR";
  if (number >= 13) return "WARN";
  return number >= 9 ? "INFO" : "DEBUG";
}
