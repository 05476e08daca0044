// Compares a live database with what prisma/schema.prisma declares, so a hand-written migration
// that disagrees with the schema (and thus with the generated client) fails a test, not production.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type pg from "pg";

/** The repository's prisma/schema.prisma, found from this file (packages/db/src). */
export const DEFAULT_SCHEMA_PATH = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));

export interface ColumnShape {
  /** Postgres type as format_type() prints it: "timestamp(3) with time zone", "text[]". */
  type: string;
  nullable: boolean;
}

export interface ForeignKeyShape {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
}

export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: { name: string; columns: string[] } | null;
  /** Unique indexes (and unique constraints) by name → columns. */
  uniques: Record<string, string[]>;
  /** Plain (non-unique) indexes by name → columns. */
  indexes: Record<string, string[]>;
  foreignKeys: Record<string, ForeignKeyShape>;
}

export type SchemaShape = Record<string, TableShape>;

// Prisma's default Postgres type per scalar, when no @db attribute says otherwise.
const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

// @db.X(args) → format_type() output.
function nativeType(name: string, args: string[]): string {
  const a = args.join(",");
  switch (name) {
    case "Uuid":
      return "uuid";
    case "Text":
      return "text";
    case "Date":
      return "date";
    case "Timestamptz":
      return `timestamp(${a || "6"}) with time zone`;
    case "Timestamp":
      return `timestamp(${a || "6"}) without time zone`;
    case "Time":
      return `time(${a || "6"}) without time zone`;
    case "Timetz":
      return `time(${a || "6"}) with time zone`;
    case "Decimal":
      return a ? `numeric(${a})` : "numeric";
    case "Char":
      return `character(${a || "1"})`;
    case "VarChar":
      return a ? `character varying(${a})` : "character varying";
    case "Integer":
      return "integer";
    case "SmallInt":
      return "smallint";
    case "BigInt":
      return "bigint";
    case "DoublePrecision":
      return "double precision";
    case "Real":
      return "real";
    case "Boolean":
      return "boolean";
    case "JsonB":
      return "jsonb";
    case "Json":
      return "json";
    case "ByteA":
      return "bytea";
    case "Inet":
      return "inet";
    case "Money":
      return "money";
    case "Xml":
      return "xml";
    case "Oid":
      return "oid";
    default:
      return `${name.toLowerCase()}${a ? `(${a})` : ""}`;
  }
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

/** What schema.prisma declares, in database terms (tables, columns, types, keys, indexes). */
export async function expectedSchema(datamodel: string): Promise<SchemaShape> {
  // Loaded on demand: @prisma/internals is a dev dependency and heavy; the runtime never needs it.
  const { default: internals } = await import("@prisma/internals");
  const dmmf = await internals.getDMMF({ datamodel });
  const shape: SchemaShape = {};
  const tableOf = new Map<string, string>();
  const columnOf = new Map<string, string>();
  for (const model of dmmf.datamodel.models) {
    tableOf.set(model.name, model.dbName ?? model.name);
    for (const field of model.fields) columnOf.set(`${model.name}.${field.name}`, field.dbName ?? field.name);
  }
  const col = (model: string, field: string): string => columnOf.get(`${model}.${field}`) ?? field;

  for (const model of dmmf.datamodel.models) {
    const table = tableOf.get(model.name)!;
    const t: TableShape = { columns: {}, primaryKey: null, uniques: {}, indexes: {}, foreignKeys: {} };
    for (const field of model.fields) {
      if (field.kind === "object") {
        const from = field.relationFromFields ?? [];
        if (from.length === 0) continue;
        const columns = from.map((f) => col(model.name, f));
        const onUpdate = (field as { relationOnUpdate?: string }).relationOnUpdate ?? "Cascade";
        const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
        t.foreignKeys[`${table}_${columns.join("_")}_fkey`] = {
          columns,
          referencedTable: tableOf.get(field.type) ?? field.type,
          referencedColumns: (field.relationToFields ?? []).map((f) => col(field.type, f)),
          onDelete: REFERENTIAL_ACTIONS[onDelete] ?? onDelete,
          onUpdate: REFERENTIAL_ACTIONS[onUpdate] ?? onUpdate,
        };
        continue;
      }
      const native = field.nativeType as [string, string[]] | null | undefined;
      const base = native ? nativeType(native[0], native[1]) : (SCALAR_TYPES[field.type] ?? field.type.toLowerCase());
      // Prisma creates scalar lists without NOT NULL, whatever the schema says.
      t.columns[field.dbName ?? field.name] = { type: field.isList ? `${base}[]` : base, nullable: field.isList || !field.isRequired };
    }
    shape[table] = t;
  }

  for (const index of dmmf.datamodel.indexes) {
    const table = tableOf.get(index.model)!;
    const t = shape[table]!;
    const columns = index.fields.map((f) => col(index.model, f.name));
    if (index.type === "id") {
      t.primaryKey = { name: index.dbName ?? `${table}_pkey`, columns };
    } else if (index.type === "unique") {
      t.uniques[index.dbName ?? `${table}_${columns.join("_")}_key`] = columns;
    } else {
      t.indexes[index.dbName ?? `${table}_${columns.join("_")}_idx`] = columns;
    }
  }
  return shape;
}

/** What the database holds in `schema` (default public), ignoring Prisma's _prisma_migrations. */
export async function actualSchema(client: Pick<pg.ClientBase, "query">, schema = "public"): Promise<SchemaShape> {
  const shape: SchemaShape = {};
  const table = (name: string): TableShape =>
    (shape[name] ??= { columns: {}, primaryKey: null, uniques: {}, indexes: {}, foreignKeys: {} });

  const columns = await client.query<{ table: string; column: string; type: string; nullable: boolean }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  for (const row of columns.rows) table(row.table).columns[row.column] = { type: row.type, nullable: row.nullable };

  const indexes = await client.query<{ table: string; name: string; primary: boolean; unique: boolean; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary, x.indisunique AS unique,
            ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations'`,
    [schema],
  );
  for (const row of indexes.rows) {
    const t = table(row.table);
    if (row.primary) t.primaryKey = { name: row.name, columns: row.columns };
    else if (row.unique) t.uniques[row.name] = row.columns;
    else t.indexes[row.name] = row.columns;
  }

  const fks = await client.query<{
    table: string;
    name: string;
    columns: string[];
    referenced_table: string;
    referenced_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS table, c.conname AS name,
            ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            r.relname AS referenced_table,
            ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS referenced_columns,
            c.confdeltype AS on_delete, c.confupdtype AS on_update
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND c.contype = 'f'`,
    [schema],
  );
  const action: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
  for (const row of fks.rows) {
    table(row.table).foreignKeys[row.name] = {
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: action[row.on_delete] ?? row.on_delete,
      onUpdate: action[row.on_update] ?? row.on_update,
    };
  }
  return shape;
}

function compareNamed<V>(
  what: string,
  table: string,
  expected: Record<string, V>,
  actual: Record<string, V>,
  describe: (value: V) => string,
  out: string[],
): void {
  for (const [name, value] of Object.entries(expected)) {
    const found = actual[name];
    if (found === undefined) out.push(`${table}: ${what} ${name} (${describe(value)}) is missing from the database`);
    else if (describe(found) !== describe(value)) {
      out.push(`${table}: ${what} ${name} is ${describe(found)} in the database, schema.prisma says ${describe(value)}`);
    }
  }
  for (const [name, value] of Object.entries(actual)) {
    if (!(name in expected)) out.push(`${table}: ${what} ${name} (${describe(value)}) is in the database but not in schema.prisma`);
  }
}

/** Every difference between the two shapes as a readable line; empty when they agree. */
export function diffSchemas(expected: SchemaShape, actual: SchemaShape): string[] {
  const out: string[] = [];
  for (const name of Object.keys(actual)) {
    if (!(name in expected)) out.push(`table ${name} is in the database but not in schema.prisma`);
  }
  for (const [name, want] of Object.entries(expected)) {
    const have = actual[name];
    if (!have) {
      out.push(`table ${name} is missing from the database`);
      continue;
    }
    compareNamed("column", name, want.columns, have.columns, (c) => `${c.type}${c.nullable ? " NULL" : " NOT NULL"}`, out);
    const pk = (p: TableShape["primaryKey"]): string => (p ? `${p.name}(${p.columns.join(", ")})` : "none");
    if (pk(want.primaryKey) !== pk(have.primaryKey)) {
      out.push(`${name}: primary key is ${pk(have.primaryKey)} in the database, schema.prisma says ${pk(want.primaryKey)}`);
    }
    compareNamed("unique index", name, want.uniques, have.uniques, (c) => `(${c.join(", ")})`, out);
    compareNamed("index", name, want.indexes, have.indexes, (c) => `(${c.join(", ")})`, out);
    compareNamed(
      "foreign key",
      name,
      want.foreignKeys,
      have.foreignKeys,
      (f) => `(${f.columns.join(", ")}) → ${f.referencedTable}(${f.referencedColumns.join(", ")}) ON DELETE ${f.onDelete} ON UPDATE ${f.onUpdate}`,
      out,
    );
  }
  return out;
}

/** Differences between the database `client` is connected to and schema.prisma (default: the repo's). */
export async function checkSchemaDrift(
  client: Pick<pg.ClientBase, "query">,
  opts: { schemaPath?: string; schema?: string } = {},
): Promise<string[]> {
  const datamodel = await readFile(opts.schemaPath ?? DEFAULT_SCHEMA_PATH, "utf8");
  return diffSchemas(await expectedSchema(datamodel), await actualSchema(client, opts.schema));
}
