/** The register and edit pages: the patient form under a title saying which it is. */
import { Notice, PageHeader } from "../ui/mod.ts";
import { PatientTagsCard, type PatientTagsState } from "./PatientTagsCard.tsx";
import { BackLink } from "./BackLink.tsx";
import { PatientForm } from "./PatientForm.tsx";
import type { Patient } from "../../lib/patients/records.ts";
import type { PatientFormOptions, PatientFormValues } from "../../lib/patients/form.ts";

/** "New patient", or "Edit Ayesha Bibi". */
export function patientFormTitle(patient?: Patient): string {
  return patient ? `Edit ${patient.fullName}` : "New patient";
}

export function PatientFormPage(
  { patient, values, errors, options, tags, notice }: {
    /** The patient being edited; absent when registering. */
    patient?: Patient;
    values: PatientFormValues;
    /** Field → message; `form` for a message about the whole form. */
    errors?: Record<string, string>;
    options: PatientFormOptions;
    /** The patient's tags and their form, on the edit page. */
    tags?: PatientTagsState;
    /** A success line above the form. */
    notice?: string;
  },
) {
  const back = patient ? `/patients/${patient.id}` : "/patients";
  return (
    <div class="mx-auto max-w-4xl">
      <BackLink href={back} label={patient ? patient.fullName : "Patients"} />
      <PageHeader
        title={patientFormTitle(patient)}
        subtitle={patient
          ? `MRN ${patient.mrn} · changes are recorded in the clinic's activity log`
          : `A medical record number is assigned when you save.`}
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <PatientForm
        action={patient ? `/patients/${patient.id}/edit` : "/patients/new"}
        values={values}
        errors={errors}
        options={options}
        submitLabel={patient ? "Save changes" : "Register patient"}
        cancelHref={back}
      />
      {patient && tags && <PatientTagsCard patientId={patient.id} tags={tags} />}
    </div>
  );
}
