/**
 * Text inputs, text areas and selects with one look; `invalid` draws the
 * error state and sets `aria-invalid`, which `Field` wires to its message.
 *
 * @example
 * ```tsx
 * <Input name="email" type="email" value={values.email} invalid={!!errors.email} />
 * <Select name="role" value={values.role}>{options}</Select>
 * ```
 */
import type {
  ComponentChildren,
  InputHTMLAttributes,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "preact";

const CONTROL =
  "block w-full rounded-lg border bg-white text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-none focus:ring-2 disabled:bg-slate-50 disabled:text-slate-500";
const VALID = "border-slate-300 focus:border-brand-500 focus:ring-brand-500/30";
const INVALID = "border-red-400 focus:border-red-500 focus:ring-red-500/30";

export function controlClass(invalid = false, extra = ""): string {
  return `${CONTROL} ${invalid ? INVALID : VALID}${extra ? ` ${extra}` : ""}`;
}

type InputProps = InputHTMLAttributes<HTMLInputElement> & {
  invalid?: boolean;
  class?: string;
};

export function Input({ invalid, class: extra, ...rest }: InputProps) {
  return (
    <input
      class={controlClass(invalid, `px-3 py-2 ${extra ?? ""}`.trim())}
      aria-invalid={invalid ? "true" : undefined}
      {...rest}
    />
  );
}

type TextareaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & {
  invalid?: boolean;
  class?: string;
};

export function Textarea({ invalid, class: extra, ...rest }: TextareaProps) {
  return (
    <textarea
      class={controlClass(invalid, `px-3 py-2 ${extra ?? ""}`.trim())}
      aria-invalid={invalid ? "true" : undefined}
      {...rest}
    />
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  invalid?: boolean;
  class?: string;
  children: ComponentChildren;
};

export function Select({ invalid, class: extra, children, ...rest }: SelectProps) {
  return (
    <select
      class={controlClass(invalid, `py-2 pl-3 pr-8 ${extra ?? ""}`.trim())}
      aria-invalid={invalid ? "true" : undefined}
      {...rest}
    >
      {children}
    </select>
  );
}
