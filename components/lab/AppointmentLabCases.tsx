/**
 * The appointment detail's lab cases: each a link to its case page, with the
 * "case may not be back" warning when one is due too close to this visit.
 * Redraws itself when one of them changes (live event).
 */
import type { LabCaseSummary } from "../../lib/lab/case-queries.ts";
import { ButtonLink, Card } from "../ui/mod.ts";
import { LabCaseList } from "./LabCaseList.tsx";
import { NotBackWarning } from "./NotBackWarning.tsx";
import LabLiveRefresh from "../../islands/LabLiveRefresh.tsx";

export interface AppointmentLabCasesProps {
  appointmentId: string;
  patientId: string;
  cases: LabCaseSummary[];
  mayCreate: boolean;
  timeZone: string;
}

export function AppointmentLabCases(
  { appointmentId, patientId, cases, mayCreate, timeZone }: AppointmentLabCasesProps,
) {
  return (
    <>
      <LabLiveRefresh scope={{ kind: "appointment", id: appointmentId }} />
      <div data-lab-live>
        {cases.filter((c) => c.mayNotBeBack).map((kase) => (
          <NotBackWarning
            key={kase.id}
            caseNumber={kase.caseNumber}
            dueDate={kase.dueDate!}
            appointmentId={appointmentId}
            appointmentStartsAt={kase.appointmentStartsAt!}
            timeZone={timeZone}
          />
        ))}
        <Card
          title="Lab cases"
          action={mayCreate && (
            <ButtonLink
              href={`/lab/cases/new?patient=${patientId}&appointment=${appointmentId}`}
              variant="secondary"
              size="sm"
            >
              New case
            </ButtonLink>
          )}
        >
          <LabCaseList cases={cases} showPatient={false} empty="No lab cases for this visit." />
        </Card>
      </div>
    </>
  );
}
