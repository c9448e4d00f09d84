/** The page around the plan editor island: whose plan, and the editor itself. */
import { PageHeader } from "../ui/mod.ts";
import PlanEditor from "../../islands/PlanEditor.tsx";
import type { PlanEditorProps } from "../../lib/treatment/editor.ts";
import { tagLabel } from "../../lib/treatment/categories.ts";

export function PlanEditorPage({ heading, editor }: { heading: string; editor: PlanEditorProps }) {
  const { patient } = editor;
  const facts = [
    patient.mrn,
    patient.ageYears !== null ? `${patient.ageYears} years` : "age not recorded",
    ...patient.tags.map(tagLabel),
  ];
  return (
    <>
      <PageHeader title={heading} subtitle={`${patient.name} · ${facts.join(" · ")}`} />
      <PlanEditor {...editor} />
    </>
  );
}
