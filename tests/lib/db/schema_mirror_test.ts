/**
 * lib/db/schema.ts is a hand-kept mirror of supabase/migrations/, which are
 * the source of truth. A column the mirror gets wrong fails only at the
 * query that uses it, so this test applies the migrations to a fresh
 * database and compares every table and column with drizzle's definitions.
 */
import { is } from "drizzle-orm";
import { getTableConfig, type PgColumn, PgTable } from "drizzle-orm/pg-core";
import { assertEquals } from "../../support/assert.ts";
import { BACKENDS } from "../../support/databases.ts";
import { migrate } from "../../../lib/db/migrate.ts";
import * as schema from "../../../lib/db/schema.ts";

/** Kept by the migration runner itself, not by a migration file. */
const RUNNER_TABLES = new Set(["schema_migrations"]);

interface ColumnShape {
  /** information_schema's `data_type`; arrays add their element type: `ARRAY of integer`. */
  type: string;
  nullable: boolean;
}

/** The names information_schema gives drizzle's SQL types. */
const DATA_TYPES: Record<string, string> = {
  time: "time without time zone",
  timestamp: "timestamp without time zone",
  serial: "integer",
  bigserial: "bigint",
  smallserial: "smallint",
  varchar: "character varying",
  char: "character",
};

/** Element types of array columns, as `udt_name` spells them (without the leading `_`). */
const UDT_TYPES: Record<string, string> = {
  int2: "smallint",
  int4: "integer",
  int8: "bigint",
  text: "text",
  uuid: "uuid",
  bool: "boolean",
  float8: "double precision",
};

function drizzleType(column: PgColumn): string {
  const sqlType = column.getSQLType().replace(/\(.*\)/, "");
  if (sqlType.endsWith("[]")) {
    const element = sqlType.slice(0, -2);
    return `ARRAY of ${DATA_TYPES[element] ?? element}`;
  }
  return DATA_TYPES[sqlType] ?? sqlType;
}

function fromDrizzle(): Map<string, Map<string, ColumnShape>> {
  const tables = new Map<string, Map<string, ColumnShape>>();
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    tables.set(
      config.name,
      new Map(config.columns.map((column) => [
        column.name,
        { type: drizzleType(column), nullable: !column.notNull },
      ])),
    );
  }
  return tables;
}

interface InformationSchemaColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
}

function fromDatabase(rows: InformationSchemaColumn[]): Map<string, Map<string, ColumnShape>> {
  const tables = new Map<string, Map<string, ColumnShape>>();
  for (const row of rows) {
    if (RUNNER_TABLES.has(row.table_name)) continue;
    const columns = tables.get(row.table_name) ?? new Map<string, ColumnShape>();
    const element = row.udt_name.replace(/^_/, "");
    columns.set(row.column_name, {
      type: row.data_type === "ARRAY" ? `ARRAY of ${UDT_TYPES[element] ?? element}` : row.data_type,
      nullable: row.is_nullable === "YES",
    });
    tables.set(row.table_name, columns);
  }
  return tables;
}

/** `table.column: type, null|not null`, sorted, so a failure lists exactly what differs. */
function describe(tables: Map<string, Map<string, ColumnShape>>): string[] {
  return [...tables].flatMap(([table, columns]) =>
    [...columns].map(([column, shape]) =>
      `${table}.${column}: ${shape.type}, ${shape.nullable ? "null" : "not null"}`
    )
  ).sort();
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `the drizzle schema mirrors the migrations [${backend.name}]`,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const database = await backend.open();
      try {
        await migrate(database.sql);
        const rows = await database.sql.query<InformationSchemaColumn>(
          `select c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable
             from information_schema.columns c
             join information_schema.tables t
               on t.table_schema = c.table_schema and t.table_name = c.table_name
            where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`,
        );
        const migrated = fromDatabase(rows);
        const drizzle = fromDrizzle();
        assertEquals(
          [...drizzle.keys()].sort(),
          [...migrated.keys()].sort(),
          "the same tables in schema.ts and in the migrated database",
        );
        const inSchema = describe(drizzle);
        const inDatabase = describe(migrated);
        assertEquals(
          {
            onlyInSchemaTs: inSchema.filter((line) => !inDatabase.includes(line)),
            onlyInDatabase: inDatabase.filter((line) => !inSchema.includes(line)),
          },
          { onlyInSchemaTs: [], onlyInDatabase: [] },
        );
      } finally {
        await database.close();
      }
    },
  });
}
