/**
 * The service catalog as CSV, for spreadsheets: export writes every service, import reads the
 * same columns. An import is all or nothing: every row is checked first, and one bad row means
 * nothing is written and each problem is reported with its line number. Rows whose code exists
 * update that service; new codes add services.
 *
 *     code,name,category,price_pkr,duration_minutes,per_tooth,active
 *     RCT-M,Root canal (molar),endodontic,35000,90,yes,yes
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { activityLog, treatmentServices } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import { type Service, type ServiceInput, serviceInput } from "./catalog.ts";
import { parseRupees, rupeesText } from "./money.ts";

export const CSV_COLUMNS = [
  "code",
  "name",
  "category",
  "price_pkr",
  "duration_minutes",
  "per_tooth",
  "active",
] as const;

/** Spreadsheets choke on more; a clinic's catalog is a few hundred rows. */
export const MAX_IMPORT_ROWS = 2000;

export interface CsvRecord {
  /** The line the record starts on, counting the header as line 1. */
  line: number;
  fields: string[];
}

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  const source = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      any = true;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      any = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") i++;
      fields.push(field);
      if (any || field !== "") records.push({ line: start, fields });
      fields = [];
      field = "";
      any = false;
      line++;
      start = line;
    } else {
      field += ch;
      any = true;
    }
  }
  if (any || field !== "") {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

function csvField(value: string): string {
  // A leading = + - @ would run as a formula when the file is opened in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function catalogCsv(services: readonly Service[]): string {
  const rows = services.map((s) =>
    [
      s.code,
      s.name,
      s.category,
      rupeesText(s.defaultPriceMinor),
      String(s.defaultDurationMinutes),
      s.perTooth ? "yes" : "no",
      s.active ? "yes" : "no",
    ].map(csvField).join(",")
  );
  return [CSV_COLUMNS.join(","), ...rows].join("\r\n") + "\r\n";
}

export interface CsvProblem {
  line: number;
  message: string;
}

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

function flag(value: string, column: string, fallback: boolean): boolean | string {
  const v = value.trim().toLowerCase();
  if (v === "") return fallback;
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return `${column} must be yes or no`;
}

/** Reads and checks every row; returns the services, or every problem found. */
export function readCatalogCsv(
  text: string,
): { services: ServiceInput[]; problems: CsvProblem[] } {
  const records = parseCsv(text);
  const problems: CsvProblem[] = [];
  if (records.length === 0) {
    return { services: [], problems: [{ line: 1, message: "The file is empty" }] };
  }
  const header = records[0].fields.map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => c !== "active" && !header.includes(c));
  if (missing.length) {
    return {
      services: [],
      problems: [{ line: 1, message: `The header row lacks ${missing.join(", ")}` }],
    };
  }
  const rows = records.slice(1);
  if (rows.length > MAX_IMPORT_ROWS) {
    return {
      services: [],
      problems: [{ line: 1, message: `At most ${MAX_IMPORT_ROWS} services per file` }],
    };
  }
  const column = (fields: string[], name: string) => fields[header.indexOf(name)] ?? "";
  const services: ServiceInput[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    if (fields.length !== header.length) {
      problems.push({ line, message: `Expected ${header.length} columns, found ${fields.length}` });
      continue;
    }
    const price = parseRupees(column(fields, "price_pkr"));
    const perTooth = flag(column(fields, "per_tooth"), "per_tooth", false);
    const active = flag(column(fields, "active"), "active", true);
    const local = [
      price === null && "price_pkr must be an amount in rupees, e.g. 12500 or 12500.50",
      typeof perTooth === "string" && perTooth,
      typeof active === "string" && active,
    ].filter((m): m is string => typeof m === "string");
    const duration = column(fields, "duration_minutes").trim();
    const parsed = serviceInput.safeParse({
      code: column(fields, "code"),
      name: column(fields, "name"),
      category: column(fields, "category").trim().toLowerCase().replace(/[\s-]+/g, "_"),
      defaultPriceMinor: price ?? 0,
      defaultDurationMinutes: /^\d+$/.test(duration) ? Number(duration) : NaN,
      perTooth: perTooth === true,
      active: active !== false,
    });
    const messages = [
      ...local,
      ...(parsed.success ? [] : parsed.error.issues.map((i) => i.message)),
    ];
    if (messages.length) {
      problems.push({ line, message: messages.join("; ") });
      continue;
    }
    const service = parsed.data!;
    const earlier = seen.get(service.code);
    if (earlier) {
      problems.push({ line, message: `Code ${service.code} is also on line ${earlier}` });
      continue;
    }
    seen.set(service.code, line);
    services.push(service);
  }
  return { services, problems };
}

/**
 * Imports a catalog file in one transaction. Throws 400 CSV_INVALID with `problems` (line and
 * message each) when any row is bad; nothing is written then.
 */
export async function importCatalogCsv(
  db: Db,
  input: { clinicId: string; actorId: string; text: string },
): Promise<{ added: number; updated: number }> {
  const { services, problems } = readCatalogCsv(input.text);
  if (problems.length) {
    const first = problems[0];
    throw new AppError(
      400,
      "CSV_INVALID",
      `Nothing was imported: ${problems.length} row${
        problems.length === 1 ? "" : "s"
      } need fixing (line ${first.line}: ${first.message})`,
      { problems },
    );
  }
  if (services.length === 0) {
    throw new AppError(400, "CSV_INVALID", "The file has no services", { problems: [] });
  }
  return await db.transaction(async (tx) => {
    const codes = services.map((s) => s.code);
    const existing = await tx.select({ id: treatmentServices.id, code: treatmentServices.code })
      .from(treatmentServices)
      .where(
        and(eq(treatmentServices.clinicId, input.clinicId), inArray(treatmentServices.code, codes)),
      );
    const ids = new Map(existing.map((r) => [r.code, r.id]));
    let added = 0;
    for (const service of services) {
      const id = ids.get(service.code);
      if (id) {
        await tx.update(treatmentServices).set({ ...service, updatedAt: new Date() })
          .where(eq(treatmentServices.id, id));
      } else {
        await tx.insert(treatmentServices).values({ clinicId: input.clinicId, ...service });
        added++;
      }
    }
    await tx.insert(activityLog).values({
      clinicId: input.clinicId,
      actorUserId: input.actorId,
      action: "treatment.catalog_imported",
      entityType: "clinic",
      entityId: input.clinicId,
      details: { added, updated: services.length - added },
    });
    return { added, updated: services.length - added };
  });
}
