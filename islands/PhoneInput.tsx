/**
 * A phone field with a country-code picker (release notes, "Patient Phone
 * Field"): a flag-and-dial-code button that opens a searchable list of every
 * international prefix, beside the number itself.
 *
 * The form carries two fields: `name`, the number as shown (the national
 * part, or a full +… number someone typed), and `<name>Country`, the picked
 * country's ISO code, which the server uses to read the number
 * (`phoneFromForm` in lib/phones.ts). Both are in the server render, so the
 * form works, and keeps an existing number, without JavaScript.
 *
 * @example
 * ```tsx
 * <PhoneInput
 *   name="whatsappPhone"
 *   label="WhatsApp number"
 *   value="+447400123456"
 *   defaultCountry="GB"
 *   countries={phoneCountries().map((c) => [c.code, c.dialCode, c.name])}
 * />
 * ```
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";

/** ISO code, dial code without "+", English name. */
export type PickerCountry = [code: string, dialCode: string, name: string];

export interface PhoneInputProps {
  name: string;
  label: string;
  /** The stored number, E.164. */
  value?: string | null;
  /** Country shown when there is no value; pass the value's own country when there is one. */
  defaultCountry: string;
  required?: boolean;
  /** Every country the picker offers (the server's `phoneCountries()`). */
  countries: PickerCountry[];
  hint?: string;
}

const flagOf = (code: string) =>
  String.fromCodePoint(...[...code.toUpperCase()].map((ch) => 0x1f1a5 + ch.charCodeAt(0)));

const fold = (text: string) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/** The country a stored value starts with: the preferred one if its code fits, else the longest code. */
function countryOf(value: string, preferred: string, countries: PickerCountry[]): string {
  const digits = value.replace(/\D/g, "");
  const fits = (dial: string) => digits.startsWith(dial);
  const own = countries.find(([code]) => code === preferred);
  if (own && fits(own[1])) return preferred;
  let best: PickerCountry | undefined;
  for (const country of countries) {
    if (fits(country[1]) && (!best || country[1].length > best[1].length)) best = country;
  }
  return best?.[0] ?? preferred;
}

export default function PhoneInput(props: PhoneInputProps) {
  const { name, label, countries, required = false } = props;
  const id = `phone-${name}`;
  const listId = `${id}-countries`;
  const initial = useMemo(() => {
    const value = props.value ?? "";
    // Only an international number says its country; a refused form sends back the national
    // digits as typed, which belong to the country that was picked (`defaultCountry`).
    const country = value.startsWith("+")
      ? countryOf(value, props.defaultCountry, countries)
      : props.defaultCountry;
    const dial = countries.find(([code]) => code === country)?.[1] ?? "";
    const national = value.startsWith(`+${dial}`) ? value.slice(dial.length + 1).trim() : value;
    return { country, national };
  }, []);
  const [country, setCountry] = useState(initial.country);
  const [number, setNumber] = useState(initial.national);
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [active, setActive] = useState(0);
  const [hydrated, setHydrated] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const numberBox = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  const [, dial = "", countryName = country] = countries.find(([code]) => code === country) ?? [];

  const matches = useMemo(() => {
    const query = fold(search.trim()).replace(/^\+/, "");
    if (!query) return countries;
    return countries.filter(([code, dialCode, countryName]) =>
      fold(countryName).includes(query) || code.toLowerCase() === query ||
      dialCode.startsWith(query)
    );
  }, [search]);

  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    if (!open) return;
    searchBox.current?.focus();
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  useEffect(() => {
    list.current?.children[active]?.scrollIntoView({ block: "nearest" });
  }, [active, open]);

  const openList = () => {
    setSearch("");
    setActive(Math.max(0, countries.findIndex(([code]) => code === country)));
    setOpen(true);
  };
  const pick = (code: string) => {
    setCountry(code);
    setOpen(false);
    numberBox.current?.focus();
  };
  const onSearchKey = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => Math.min(Math.max(i + step, 0), Math.max(matches.length - 1, 0)));
    } else if (event.key === "Enter") {
      // Enter picks the highlighted country instead of submitting the form.
      event.preventDefault();
      if (matches[active]) pick(matches[active][0]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    }
  };

  return (
    <div ref={root} class="relative" data-phone-input={name}>
      <label for={id} class="block text-sm font-medium text-slate-700">
        {label}
        {!required && <span class="ml-1 font-normal text-slate-500">(optional)</span>}
      </label>
      <div class="mt-1.5 flex rounded-lg border border-slate-300 bg-white shadow-sm focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-500/30">
        <button
          ref={button}
          type="button"
          disabled={!hydrated}
          onClick={() => (open ? setOpen(false) : openList())}
          aria-haspopup="listbox"
          aria-expanded={open}
          aria-controls={listId}
          aria-label={`Country code: ${countryName} +${dial}`}
          title={countryName}
          data-country={country}
          class="flex shrink-0 items-center gap-1.5 rounded-l-lg border-r border-slate-200 bg-slate-50 px-3 text-sm text-slate-700 hover:bg-slate-100 focus:outline-none disabled:cursor-default disabled:hover:bg-slate-50"
        >
          <span class="text-base leading-none" aria-hidden="true">{flagOf(country)}</span>
          <span class="tabular-nums">+{dial}</span>
          <svg
            viewBox="0 0 20 20"
            fill="currentColor"
            aria-hidden="true"
            class="h-4 w-4 text-slate-400"
          >
            <path d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06" />
          </svg>
        </button>
        <input type="hidden" name={`${name}Country`} value={country} />
        <input
          ref={numberBox}
          id={id}
          name={name}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required={required}
          maxLength={30}
          value={number}
          onInput={(event) => setNumber((event.target as HTMLInputElement).value)}
          placeholder={country === "PK" ? "300 1234567" : "Number"}
          class="min-w-0 flex-1 rounded-r-lg border-0 bg-transparent px-3 py-2 text-sm text-slate-900 placeholder:text-slate-400 focus:outline-none"
        />
      </div>
      {props.hint && <p class="mt-1.5 text-xs text-slate-500">{props.hint}</p>}
      {
        /* Always rendered (hidden until opened) so twind sees every class on the server. */
      }
      <div
        hidden={!open}
        class="absolute left-0 right-0 z-30 mt-1 overflow-hidden rounded-lg bg-white shadow-lg ring-1 ring-slate-200 sm:right-auto sm:w-80"
      >
        <div class="border-b border-slate-100 p-2">
          <input
            ref={searchBox}
            type="search"
            value={search}
            onInput={(event) => {
              setSearch((event.target as HTMLInputElement).value);
              setActive(0);
            }}
            onKeyDown={onSearchKey}
            placeholder="Search country or code"
            aria-label="Search countries"
            aria-controls={listId}
            aria-activedescendant={open && matches[active]
              ? `${listId}-${matches[active][0]}`
              : undefined}
            class="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
          />
        </div>
        <ul
          ref={list}
          id={listId}
          role="listbox"
          aria-label="Countries"
          class="max-h-64 overflow-y-auto py-1"
        >
          {(open ? matches : countries.filter(([code]) => code === country)).map(
            ([code, dialCode, countryName], i) => (
              <li
                key={code}
                id={`${listId}-${code}`}
                role="option"
                aria-selected={code === country}
                data-active={open && i === active ? "" : undefined}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(code)}
                onMouseEnter={() => setActive(i)}
                class="flex cursor-pointer items-center gap-2.5 px-3 py-2 text-sm text-slate-700 hover:bg-slate-50 data-[active]:bg-slate-100 aria-selected:font-semibold aria-selected:text-brand-700"
              >
                <span class="text-base leading-none" aria-hidden="true">{flagOf(code)}</span>
                <span class="min-w-0 flex-1 truncate">{countryName}</span>
                <span class="tabular-nums text-slate-500">+{dialCode}</span>
              </li>
            ),
          )}
          {open && matches.length === 0 && (
            <li class="px-3 py-2 text-sm text-slate-500">No country matches “{search}”</li>
          )}
        </ul>
      </div>
    </div>
  );
}
