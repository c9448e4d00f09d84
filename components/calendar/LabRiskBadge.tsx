/**
 * The calendar's flag on an appointment whose lab case may not be back in time
 * (the rule is `mayNotBeBack` in lib/lab/case-queries.ts). The week island draws
 * the same flag itself, since islands do not import server components.
 */
export const LAB_RISK_TEXT = "Lab case may not be back in time";

export function LabRiskBadge() {
  return (
    <span
      title={LAB_RISK_TEXT}
      data-lab-risk
      class="ml-1 inline-block rounded bg-amber-700 px-1 align-middle text-[10px] font-bold leading-[14px] text-white"
    >
      Lab<span class="sr-only">: {LAB_RISK_TEXT}</span>
    </span>
  );
}
