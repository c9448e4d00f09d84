/** The patient's own details: what the clinic has, and a form to keep it current. */
import { Button, Card, Notice } from "../ui/mod.ts";
import { DetailFields, type DetailValues } from "./DetailFields.tsx";
import type { OwnDetails } from "../../lib/portal/patient-details.ts";
import type { FormProblem } from "../../lib/http/form.ts";

export function PortalProfilePage(
  { details, values, problem, whatsapp, saved, today }: {
    details: OwnDetails;
    values: DetailValues;
    problem?: FormProblem;
    whatsapp: boolean;
    saved: boolean;
    today: string;
  },
) {
  const errors = problem?.fields ?? {};
  return (
    <>
      <h1 class="text-2xl font-semibold tracking-tight text-slate-900">My details</h1>
      <p class="mt-1 text-sm text-slate-600">
        What the clinic has on file for you. Keep it current so they can reach you.
      </p>
      <div class="mt-5">
        {saved && <Notice tone="success">Your details are saved.</Notice>}
        {problem && (
          <Notice tone="error">
            {Object.keys(errors).length > 1
              ? "Please correct the highlighted fields."
              : problem.message}
          </Notice>
        )}
      </div>
      <div class="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="On file" class="lg:order-2 self-start">
          <dl class="divide-y divide-slate-100 text-sm">
            {[
              ["Name", details.fullName],
              ["Patient no.", details.mrn],
              ["Email", details.email ?? "—"],
            ].map(([label, value]) => (
              <div key={label} class="px-5 py-3">
                <dt class="text-xs text-slate-500">{label}</dt>
                <dd class="mt-0.5 break-words font-medium text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
          <p class="px-5 pb-4 text-xs text-slate-500">
            To change your name or email, please contact the clinic.
          </p>
        </Card>
        <form
          method="post"
          action="/portal/profile"
          class="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 lg:order-1 lg:col-span-2"
          novalidate
          data-profile-form
        >
          <DetailFields
            values={values}
            errors={errors}
            whatsapp={whatsapp}
            address
            today={today}
          />
          <div class="mt-6 flex justify-end border-t border-slate-100 pt-4">
            <Button type="submit" class="w-full sm:w-auto">Save my details</Button>
          </div>
        </form>
      </div>
    </>
  );
}
