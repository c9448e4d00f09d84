/**
 * Buttons and button-styled links. One look per intent, so every page's
 * primary action reads the same; `size="sm"` fits toolbars and table rows.
 *
 * @example
 * ```tsx
 * <Button type="submit">Save</Button>
 * <Button variant="danger" name="status" value="deactivated">Deactivate</Button>
 * <ButtonLink href="/appointments/new" variant="secondary">New appointment</ButtonLink>
 * ```
 */
import type { ButtonHTMLAttributes, ComponentChildren } from "preact";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";
export type ButtonSize = "sm" | "md";

const BASE =
  "inline-flex items-center justify-center gap-2 rounded-lg font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/60 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-50";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-brand-600 text-white shadow-sm hover:bg-brand-700",
  secondary: "bg-white text-slate-700 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50",
  danger: "bg-white text-red-700 shadow-sm ring-1 ring-inset ring-red-200 hover:bg-red-50",
  ghost: "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
};

const SIZES: Record<ButtonSize, string> = {
  sm: "h-9 px-3 text-sm",
  md: "px-4 py-2 text-sm",
};

export function buttonClass(
  variant: ButtonVariant = "primary",
  size: ButtonSize = "md",
  extra = "",
): string {
  return `${BASE} ${VARIANTS[variant]} ${SIZES[size]}${extra ? ` ${extra}` : ""}`;
}

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "size"> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  class?: string;
  children: ComponentChildren;
};

export function Button(
  { variant, size, class: extra, type = "submit", children, ...rest }: ButtonProps,
) {
  return (
    <button type={type} class={buttonClass(variant, size, extra)} {...rest}>
      {children}
    </button>
  );
}

type ButtonLinkProps = {
  href: string;
  title?: string;
  download?: string | boolean;
  "aria-label"?: string;
  "aria-current"?: "page";
  variant?: ButtonVariant;
  size?: ButtonSize;
  class?: string;
  children: ComponentChildren;
};

export function ButtonLink({ variant, size, class: extra, children, ...rest }: ButtonLinkProps) {
  return <a class={buttonClass(variant, size, extra)} {...rest}>{children}</a>;
}
