/** An image's thumbnail in radiology lists, and where a list entry opens the workstation. */
import { Icon } from "../Icon.tsx";

/** The patient's Radiology tab, with the image or series `open` in the workstation. */
export function radiologyHref(patientId: string, open?: string): string {
  return `/patients/${patientId}?tab=radiology${open ? `&open=${open}` : ""}`;
}

/**
 * A thumbnail over a placeholder. The thumbnail is a background image, so
 * when it answers 404 (or cannot be made) nothing is drawn, not even a
 * broken-image icon, and the placeholder shows; no script needed.
 */
export function RadiologyThumb(
  { src, label, size = "aspect-square w-16 sm:w-20 rounded-lg" }: {
    src: string | null;
    label: string;
    /** Box classes; a list's square by default. */
    size?: string;
  },
) {
  return (
    <span
      class={`relative block shrink-0 overflow-hidden bg-slate-800 ${size}`}
      title={label}
    >
      <span class="absolute inset-0 grid place-items-center text-slate-500" aria-hidden="true">
        <Icon name="xray" class="h-7 w-7" />
      </span>
      {src && (
        <span
          class="absolute inset-0 bg-cover bg-center"
          style={`background-image:url("${src}")`}
          data-thumbnail={src}
        />
      )}
    </span>
  );
}
