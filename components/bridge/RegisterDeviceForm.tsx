/** Registers a chairside bridge: name, operatory, category and an optional file name pattern. */
import type { Operatory } from "../../lib/appointments/operatories.ts";
import type { FormProblem, FormValues } from "../../lib/http/form.ts";
import { MAX_PATTERN_LENGTH } from "../../lib/bridge/filename-pattern.ts";
import { CAPTURE_CATEGORIES, CATEGORY_LABELS } from "../../lib/radiology/categories.ts";
import { Button, Card, Field, Input, Select } from "../ui/mod.ts";
import { BRIDGE_DEVICES_PATH } from "./paths.ts";

export function RegisterDeviceForm({ operatories, values = {}, problem }: {
  operatories: Operatory[];
  values?: FormValues;
  problem?: FormProblem;
}) {
  const active = operatories.filter((o) => o.active);
  return (
    <Card title="Register a device">
      <form
        method="post"
        action={BRIDGE_DEVICES_PATH}
        class="grid grid-cols-1 gap-4 p-5 md:grid-cols-2"
      >
        {problem && <p role="alert" class="text-sm text-red-700 md:col-span-2">{problem.message}
        </p>}
        <Field id="device-name" label="Name">
          <Input
            id="device-name"
            name="name"
            required
            maxLength={80}
            value={values.name ?? ""}
            placeholder="Operatory 1 sensor PC"
            invalid={!!problem?.fields.name}
          />
        </Field>
        <Field id="device-operatory" label="Operatory">
          <Select id="device-operatory" name="operatoryId" required>
            {active.map((o) => (
              <option key={o.id} value={o.id} selected={values.operatoryId === o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="device-category" label="Category">
          <Select id="device-category" name="category">
            <option value="">Tell from each file</option>
            {CAPTURE_CATEGORIES.map((category) => (
              <option key={category} value={category} selected={values.category === category}>
                {CATEGORY_LABELS[category]}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="device-pattern"
          label="File name pattern"
          optional
          hint={
            <>
              <code>{"{mrn}"}</code> is the patient's MRN, <code>{"{any}"}</code>{" "}
              any text; the rest must match as written. The extension is ignored.
            </>
          }
        >
          <Input
            id="device-pattern"
            name="filenamePattern"
            maxLength={MAX_PATTERN_LENGTH}
            value={values.filenamePattern ?? ""}
            placeholder="{mrn}_{any}"
            aria-describedby="device-pattern-hint"
            invalid={!!problem?.fields.filenamePattern}
            class="font-mono"
          />
        </Field>
        <div class="md:col-span-2">
          <Button>Register and show key</Button>
        </div>
      </form>
    </Card>
  );
}
