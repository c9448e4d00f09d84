/**
 * The full-page case form, for a new case and for editing one. Without
 * JavaScript: "Show appointments" reloads the form with the chosen patient's
 * appointments (and the due date the chosen lab and type suggest), keeping
 * everything typed.
 */
import type { CaseFormChoices } from "../../lib/lab/case-form.ts";
import type { FormValues } from "../../lib/http/form.ts";
import {
  CASE_TYPE_LABELS,
  LAB_CASE_TYPES,
  LAB_PRIORITIES,
  type LabCaseType,
  PRIORITY_LABELS,
} from "../../lib/lab/statuses.ts";
import { formatDateTime } from "../../lib/view/format.ts";
import {
  Button,
  ButtonLink,
  Card,
  Field,
  Input,
  Notice,
  PageHeader,
  Select,
  Textarea,
} from "../ui/mod.ts";
import { BackLink } from "../patients/BackLink.tsx";
import { TeethPicker } from "./TeethPicker.tsx";
import DueDateSuggestion from "../../islands/DueDateSuggestion.tsx";
import { formatDueDate } from "../../lib/lab/due-date-label.ts";

export interface LabCaseFormPageProps {
  mode: { kind: "new" } | { kind: "edit"; caseId: string; caseNumber: string };
  values: FormValues;
  choices: CaseFormChoices;
  problem?: { message: string; fields: Record<string, string> } | null;
}

export function LabCaseFormPage({ mode, values, choices, problem }: LabCaseFormPageProps) {
  const errors = problem?.fields ?? {};
  const action = mode.kind === "new" ? "/lab/cases/new" : `/lab/cases/${mode.caseId}/edit`;
  const teeth = new Set(
    Object.keys(values).filter((k) => /^tooth-\d+$/.test(k)).map((k) => Number(k.slice(6))),
  );
  const lab = choices.labs.find((l) => l.id === values.labId);
  const caseType = values.caseType as LabCaseType | undefined;
  const suggested = lab && caseType ? choices.suggestedDue[lab.id]?.[caseType] : undefined;
  const cancel = mode.kind === "new" ? "/lab" : `/lab/cases/${mode.caseId}`;
  return (
    <>
      <BackLink href={cancel} label={mode.kind === "new" ? "Lab cases" : mode.caseNumber} />
      <PageHeader
        title={mode.kind === "new" ? "New lab case" : `Edit ${mode.caseNumber}`}
        subtitle="What the lab needs to make it, and when it is due back"
      />
      {problem && <Notice tone="error">{problem.message}</Notice>}
      <form method="post" action={action} class="space-y-6" data-lab-case-form>
        <Card title="Patient and lab">
          <div class="grid gap-5 p-5 sm:grid-cols-2">
            <Field id="case-patient" name="patientId" label="Patient" error={errors.patientId}>
              <Select id="case-patient" name="patientId" required invalid={!!errors.patientId}>
                <option value="">Choose a patient</option>
                {choices.patients.map((p) => (
                  <option key={p.id} value={p.id} selected={values.patientId === p.id}>
                    {p.fullName} ({p.mrn})
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              id="case-appointment"
              name="appointmentId"
              label="Seat appointment"
              optional
              error={errors.appointmentId}
              hint={values.patientId
                ? undefined
                : "Choose the patient, then show their appointments."}
            >
              <div class="flex gap-2">
                <Select id="case-appointment" name="appointmentId" invalid={!!errors.appointmentId}>
                  <option value="">None</option>
                  {choices.appointments.map((a) => (
                    <option key={a.id} value={a.id} selected={values.appointmentId === a.id}>
                      {formatDateTime(new Date(a.startsAt), choices.timeZone)} · {a.type} ·{" "}
                      {a.doctorName}
                    </option>
                  ))}
                </Select>
                <Button
                  variant="secondary"
                  size="sm"
                  formMethod="get"
                  formAction={action}
                  formNoValidate
                  class="shrink-0 self-center"
                >
                  Show appointments
                </Button>
              </div>
            </Field>
            <Field id="case-lab" name="labId" label="Lab" error={errors.labId}>
              <Select id="case-lab" name="labId" required invalid={!!errors.labId}>
                <option value="">Choose a lab</option>
                {choices.labs.filter((l) => l.active || l.id === values.labId).map((l) => (
                  <option key={l.id} value={l.id} selected={values.labId === l.id}>{l.name}</option>
                ))}
              </Select>
            </Field>
            <Field id="case-type" name="caseType" label="Case type" error={errors.caseType}>
              <Select id="case-type" name="caseType" required invalid={!!errors.caseType}>
                <option value="">Choose a type</option>
                {LAB_CASE_TYPES.map((type) => (
                  <option key={type} value={type} selected={values.caseType === type}>
                    {CASE_TYPE_LABELS[type]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </Card>
        <Card title="Teeth">
          <div class="p-5">
            <TeethPicker selected={teeth} />
            {errors.teeth && <p class="mt-2 text-sm text-red-700">{errors.teeth}</p>}
          </div>
        </Card>
        <Card title="Work">
          <div class="grid gap-5 p-5 sm:grid-cols-2">
            <Field id="case-shade" label="Shade" optional error={errors.shade}>
              <Input
                id="case-shade"
                name="shade"
                value={values.shade ?? ""}
                maxLength={40}
                placeholder="A2"
              />
            </Field>
            <Field id="case-material" label="Material" optional error={errors.material}>
              <Input
                id="case-material"
                name="material"
                value={values.material ?? ""}
                maxLength={120}
                placeholder="Zirconia"
              />
            </Field>
            <Field id="case-priority" label="Priority" error={errors.priority}>
              <Select id="case-priority" name="priority">
                {LAB_PRIORITIES.map((p) => (
                  <option key={p} value={p} selected={(values.priority || "normal") === p}>
                    {PRIORITY_LABELS[p]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              id="case-due"
              name="dueDate"
              label="Due back"
              error={errors.dueDate}
              hint={lab && caseType
                ? `${lab.name} takes ${lab.days[caseType]} working days for this: ${
                  suggested ? formatDueDate(suggested) : ""
                }. Leave empty to use that.`
                : "Leave empty to count the lab's turnaround in working days."}
            >
              <Input
                id="case-due"
                type="date"
                name="dueDate"
                value={values.dueDate || (mode.kind === "new" ? suggested ?? "" : "")}
                invalid={!!errors.dueDate}
              />
            </Field>
            <Field
              id="case-instructions"
              label="Instructions"
              optional
              class="sm:col-span-2"
              error={errors.instructions}
            >
              <Textarea id="case-instructions" name="instructions" rows={4} maxLength={4000}>
                {values.instructions ?? ""}
              </Textarea>
            </Field>
          </div>
        </Card>
        <div class="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
          <ButtonLink href={cancel} variant="ghost">Cancel</ButtonLink>
          {mode.kind === "new"
            ? (
              <>
                <Button variant="secondary">Save as draft</Button>
                <Button name="sendNow" value="1">Save and mark sent to lab</Button>
              </>
            )
            : <Button>Save changes</Button>}
        </div>
        {mode.kind === "new" && (
          <DueDateSuggestion
            labs={choices.labs.map(({ id, name, days }) => ({ id, name, days }))}
            suggestedDue={choices.suggestedDue}
          />
        )}
      </form>
    </>
  );
}
