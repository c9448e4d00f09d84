/**
 * Radiology → Unassigned captures: captures no rule could place (issue 6).
 * Each shows its thumbnail, when and where it was taken, and one-click
 * buttons for the patients booked in that operatory around that time; a
 * patient search covers the rest. Plain forms: it works without JavaScript.
 */
import { type Context, Hono } from "hono";
import { AppShell } from "../components/AppShell.tsx";
import { Notice } from "../components/Notice.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import { AppError } from "../lib/errors.ts";
import { can } from "../lib/permissions/access.ts";
import { pageAllows, pageRequires, pageRequiresModule } from "../lib/permissions/page-guards.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { BRIDGE_MODULE } from "../lib/bridge/devices.ts";
import { captureInbox, type InboxItem, updateCapture } from "../lib/captures/inbox.ts";
import { listPatients } from "../lib/patients/records.ts";
import { formatDateTime } from "../lib/view/format.ts";
import { renderDocument } from "../lib/view/render.ts";
import { CATEGORY_LABELS } from "../lib/radiology/categories.ts";
import { staffPage } from "./resume.tsx";
import { RadiologyThumb } from "../components/RadiologyTab.tsx";

const PATH = "/radiology/inbox";
const ASSIGN =
  "inline-flex items-center rounded-lg bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700";

function Thumbnail({ fileId }: { fileId: string }) {
  return (
    <RadiologyThumb
      src={`/api/v1/files/${fileId}/thumbnail`}
      label="Capture thumbnail"
      size="h-32 w-full rounded-lg sm:h-28 sm:w-36"
    />
  );
}

function AssignButton({ captureId, patient }: {
  captureId: string;
  patient: { patientId: string; patientName: string; mrn: string };
}) {
  return (
    <form method="post" action={`${PATH}/${captureId}/assign`}>
      <input type="hidden" name="patientId" value={patient.patientId} />
      <button type="submit" class={ASSIGN}>
        Assign to {patient.patientName}
        <span class="ml-1.5 font-normal text-brand-100">{patient.mrn}</span>
      </button>
    </form>
  );
}

function CaptureCard({ item, timeZone, mayAssign, search }: {
  item: InboxItem;
  timeZone: string;
  mayAssign: boolean;
  search?: { query: string; results: { patientId: string; patientName: string; mrn: string }[] };
}) {
  const { capture } = item;
  return (
    <li class="flex flex-col gap-4 p-5 sm:flex-row" data-capture={capture.id}>
      <Thumbnail fileId={capture.fileId} />
      <div class="min-w-0 flex-1">
        <p class="font-medium text-slate-900">
          {CATEGORY_LABELS[capture.category]} ·{" "}
          <time dateTime={capture.capturedAt.toISOString()}>
            {formatDateTime(capture.capturedAt, timeZone)}
          </time>
        </p>
        <p class="mt-0.5 text-sm text-slate-500">
          {item.deviceName ?? "Unknown device"} · {item.operatoryName ?? "No operatory"}
        </p>
        {item.fileName && (
          <p class="mt-0.5 break-all font-mono text-xs text-slate-500" data-file-name>
            {item.fileName}
          </p>
        )}
        {mayAssign && (
          <div class="mt-3 space-y-3">
            {item.suggestions.length > 0 && (
              <div>
                <p class="text-xs font-medium uppercase tracking-wide text-slate-500">
                  Booked in this operatory around then
                </p>
                <div class="mt-2 flex flex-wrap gap-2">
                  {item.suggestions.map((s) => (
                    <AssignButton key={s.patientId} captureId={capture.id} patient={s} />
                  ))}
                </div>
              </div>
            )}
            <form method="get" action={PATH} class="flex max-w-md gap-2">
              <input type="hidden" name="capture" value={capture.id} />
              <label for={`q-${capture.id}`} class="sr-only">Find a patient</label>
              <input
                id={`q-${capture.id}`}
                name="q"
                type="search"
                value={search?.query ?? ""}
                placeholder="Patient name or MRN"
                class="min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-sm"
              />
              <button
                type="submit"
                class="rounded-lg bg-white px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"
              >
                Find
              </button>
            </form>
            {search && (
              search.results.length
                ? (
                  <div class="flex flex-wrap gap-2">
                    {search.results.map((p) => (
                      <AssignButton key={p.patientId} captureId={capture.id} patient={p} />
                    ))}
                  </div>
                )
                : <p class="text-sm text-slate-500">No patient matches “{search.query}”.</p>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

async function render(c: Context<AppEnv>, error?: string) {
  const { deps, principal } = c.var;
  const me = await loadStaffContext(deps, principal);
  const access = me.access!;
  const timeZone = me.clinic?.timeZone ?? "Asia/Karachi";
  const items = await captureInbox(deps.db, access.clinicId);
  const mayAssign = can(access, "radiology.inbox.assign");
  const searchFor = c.req.query("capture");
  const query = c.req.query("q")?.trim() ?? "";
  let search:
    | { query: string; results: { patientId: string; patientName: string; mrn: string }[] }
    | undefined;
  if (mayAssign && searchFor && query && can(access, "patients.view")) {
    const page = await listPatients(deps.db, deps.config.encryptionKey, access, {
      query,
      limit: 8,
    });
    search = {
      query,
      results: page.patients.map((p) => ({ patientId: p.id, patientName: p.fullName, mrn: p.mrn })),
    };
  }
  const assigned = c.req.query("notice") === "assigned";
  return renderDocument(
    <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current={PATH}>
      <PageHeader
        title="Unassigned captures"
        subtitle="X-rays from bridge devices that no MRN, file name or appointment placed."
      />
      {assigned && <Notice tone="success">Capture assigned.</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      <Card title={`Waiting (${items.length})`}>
        {items.length === 0
          ? (
            <p class="px-5 py-10 text-center text-sm text-slate-500">
              Nothing waiting: every capture reached its patient.
            </p>
          )
          : (
            <ul class="divide-y divide-slate-100">
              {items.map((item) => (
                <CaptureCard
                  key={item.capture.id}
                  item={item}
                  timeZone={timeZone}
                  mayAssign={mayAssign}
                  search={item.capture.id === searchFor ? search : undefined}
                />
              ))}
            </ul>
          )}
      </Card>
    </AppShell>,
    { title: "Unassigned captures" },
  );
}

const guard = [staffPage, pageRequiresModule(BRIDGE_MODULE)] as const;

export const radiologyInboxRoutes = new Hono<AppEnv>()
  .get(PATH, ...guard, pageAllows(PAGE_ACCESS.radiologyInbox), async (c) => c.html(await render(c)))
  .post(`${PATH}/:id/assign`, ...guard, pageRequires("radiology.inbox.assign"), async (c) => {
    const form = await c.req.parseBody();
    const patientId = typeof form.patientId === "string" ? form.patientId : "";
    try {
      await updateCapture(c.var.deps.db, {
        clinicId: c.var.access!.clinicId,
        captureId: c.req.param("id"),
        changes: { patientId },
        access: c.var.access!,
        actorId: c.var.principal.userId,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "PATIENT_NOT_FOUND") throw error;
      return c.html(await render(c, "That patient was not found; choose another."), 400);
    }
    return c.redirect(`${PATH}?notice=assigned`, 303);
  });
