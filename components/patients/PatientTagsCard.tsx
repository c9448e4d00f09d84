/**
 * The patient's tags on the edit page: labels such as `senior_citizen` or
 * `staff_family` that discount policies ask for. Its own small form, so
 * tagging a patient never re-sends their details.
 */
import { Badge, Button, Card, Field, Input } from "../ui/mod.ts";

export interface PatientTagsState {
  /** The text in the field: the saved tags, or what was typed when refused. */
  text: string;
  saved: string[];
  suggestions: string[];
  error?: string;
}

export function PatientTagsCard(
  { patientId, tags }: { patientId: string; tags: PatientTagsState },
) {
  const offered = tags.suggestions.filter((t) => !tags.saved.includes(t));
  return (
    <div class="mt-6">
      <Card title="Tags">
        <form
          method="post"
          action={`/patients/${patientId}/tags`}
          class="grid gap-4 p-5"
          novalidate
          data-patient-tags
        >
          <div class="flex flex-wrap items-center gap-2" data-saved-tags>
            {tags.saved.length
              ? tags.saved.map((tag) => <Badge key={tag} tone="sky">{tag}</Badge>)
              : <span class="text-sm text-slate-500">No tags yet.</span>}
          </div>
          <Field
            id="patient-tags"
            name="tags"
            label="Tags"
            optional
            error={tags.error}
            hint="Separate tags with commas, e.g. senior citizen, returning. Discount policies that ask for a tag apply to the patient's treatment plans."
          >
            <Input
              id="patient-tags"
              name="tags"
              value={tags.text}
              invalid={!!tags.error}
              list="patient-tag-suggestions"
              autocomplete="off"
              maxLength={600}
            />
          </Field>
          {offered.length > 0 && (
            <>
              <datalist id="patient-tag-suggestions">
                {offered.map((tag) => <option key={tag} value={tag} />)}
              </datalist>
              <p class="text-sm text-slate-600" data-tag-suggestions>
                In use at the clinic: {offered.map((tag, i) => (
                  <span key={tag}>
                    {i > 0 && ", "}
                    <code class="rounded bg-slate-100 px-1 py-0.5 text-xs">{tag}</code>
                  </span>
                ))}
              </p>
            </>
          )}
          <div class="flex justify-end">
            <Button type="submit" variant="secondary">Save tags</Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
