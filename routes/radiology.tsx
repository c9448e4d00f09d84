/**
 * Radiology: the clinic's latest X-rays and DICOM studies across patients
 * (issue 7). Each image opens in its patient's Radiology tab, where the
 * workstation is; captures no rule could place are counted here and listed
 * in the Unassigned captures inbox.
 */
import { Hono } from "hono";
import { AppShell } from "../components/AppShell.tsx";
import { Card, PageHeader } from "../components/Card.tsx";
import { Notice } from "../components/Notice.tsx";
import { radiologyHref, RadiologyThumb } from "../components/RadiologyTab.tsx";
import type { AppEnv } from "../lib/http/app-env.ts";
import { loadStaffContext } from "../lib/auth/staff-context.ts";
import { can } from "../lib/permissions/access.ts";
import { pageAllows } from "../lib/permissions/page-guards.ts";
import { PAGE_ACCESS } from "../lib/permissions/page-access.ts";
import { BRIDGE_MODULE } from "../lib/bridge/devices.ts";
import { captureInbox } from "../lib/captures/inbox.ts";
import { recentClinicImages, type RecentImage } from "../lib/radiology/recent.ts";
import { formatDateTime } from "../lib/view/format.ts";
import { renderDocument } from "../lib/view/render.ts";
import { categoryLabel } from "../lib/radiology/categories.ts";
import { staffPage } from "./resume.tsx";

const PATH = "/radiology";

function title(image: RecentImage): string {
  if (image.kind === "study") return image.label || "DICOM study";
  return image.label ? categoryLabel(image.label) : "X-ray";
}

function ImageCard({ image, timeZone }: { image: RecentImage; timeZone: string }) {
  return (
    <li>
      <a
        href={radiologyHref(image.patientId, `${image.kind}:${image.id}`)}
        class="group flex h-full flex-col overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200 hover:ring-brand-400 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600"
        data-recent-image={`${image.kind}:${image.id}`}
      >
        <RadiologyThumb
          src={image.thumbnailFileId ? `/api/v1/files/${image.thumbnailFileId}/thumbnail` : null}
          label={title(image)}
          size="h-36 w-full"
        />
        <div class="flex-1 px-4 py-3">
          <p class="truncate font-medium text-slate-900 group-hover:text-brand-700">
            {image.patientName}
          </p>
          <p class="font-mono text-xs text-slate-500">{image.mrn}</p>
          <p class="mt-1.5 text-sm text-slate-700">
            {title(image)}
            {image.detail && <span class="text-slate-500">{` · ${image.detail}`}</span>}
          </p>
          <p class="text-xs text-slate-500">
            <time dateTime={image.at.toISOString()}>{formatDateTime(image.at, timeZone)}</time>
          </p>
        </div>
      </a>
    </li>
  );
}

export const radiologyRoutes = new Hono<AppEnv>()
  .get(PATH, staffPage, pageAllows(PAGE_ACCESS.radiology), async (c) => {
    const { deps, principal } = c.var;
    const me = await loadStaffContext(deps, principal);
    const access = me.access!;
    const timeZone = me.clinic?.timeZone ?? "Asia/Karachi";
    const rawBefore = c.req.query("before");
    const before = rawBefore && !Number.isNaN(Date.parse(rawBefore))
      ? new Date(rawBefore)
      : undefined;
    const page = await recentClinicImages(deps.db, access.clinicId, { before });
    const inbox = access.modules.has(BRIDGE_MODULE) && can(access, "radiology.inbox.view")
      ? (await captureInbox(deps.db, access.clinicId)).length
      : 0;

    return c.html(renderDocument(
      <AppShell me={me} refreshLeadMs={deps.config.refreshLeadSeconds * 1000} current={PATH}>
        <PageHeader
          title="Radiology"
          subtitle="The latest X-rays and DICOM studies of every patient. Open one to view it in the patient's workstation."
        />
        {inbox > 0 && (
          <Notice tone="info">
            {inbox === 1 ? "1 capture is" : `${inbox} captures are`} waiting for a patient in{" "}
            <a href="/radiology/inbox" class="font-semibold underline">Unassigned captures</a>.
          </Notice>
        )}
        {page.images.length === 0
          ? (
            <Card>
              <div class="px-5 py-12 text-center">
                <p class="font-medium text-slate-900">
                  {before ? "No older images" : "No images yet"}
                </p>
                <p class="mt-1 text-sm text-slate-500">
                  Captures from bridge devices and DICOM studies uploaded on a patient's record
                  appear here, newest first.
                </p>
              </div>
            </Card>
          )
          : (
            <ul class="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
              {page.images.map((image) => (
                <ImageCard key={`${image.kind}:${image.id}`} image={image} timeZone={timeZone} />
              ))}
            </ul>
          )}
        <nav class="mt-6 flex justify-between text-sm" aria-label="Pages">
          {before ? <a href={PATH} class="font-medium text-brand-700">← Latest</a> : <span />}
          {page.nextBefore && (
            <a
              href={`${PATH}?before=${encodeURIComponent(page.nextBefore.toISOString())}`}
              class="font-medium text-brand-700"
            >
              Older images →
            </a>
          )}
        </nav>
      </AppShell>,
      { title: "Radiology" },
    ));
  });
