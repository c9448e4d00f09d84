/**
 * Where a clinic's logo is served. The path names the logo's stored file,
 * a random id that changes with every upload, so the image can be cached for
 * good and mail clients (which carry no session) can fetch it too.
 */
export function clinicLogoPath(fileId: string): string {
  return `/clinic-logo/${fileId}`;
}

/** The absolute address for emails; null when the clinic has no logo. */
export function clinicLogoUrl(appUrl: string, fileId: string | null | undefined): string | null {
  return fileId ? `${appUrl.replace(/\/$/, "")}${clinicLogoPath(fileId)}` : null;
}
