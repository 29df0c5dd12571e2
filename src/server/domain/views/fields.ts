/**
 * How each field of a view reads in SQL. The record table is always `r`; the joins a field needs
 * are named, and added to a query only when a filter, sort or group uses them.
 */
import { and, asc, eq } from "drizzle-orm";
import { pipelineStages, pipelines } from "@/server/db/schema";
import type { RecordObject } from "@/shared/permissions";
import { builtInFields, customFieldDef, type FieldDef } from "@/shared/views";
import type { WorkspaceCtx } from "../context";
import { listCustomFields } from "../custom-fields/custom-fields";

export type Join = "owner" | "company" | "contact" | "stage" | "pipeline";

export const joinSql: Record<Join, string> = {
  owner: `left join users o on o.id = r.owner_id`,
  // Links to records in the trash are kept, but read as empty.
  company: `left join companies c on c.workspace_id = r.workspace_id and c.id = r.company_id and c.deleted_at is null`,
  contact: `left join contacts k on k.workspace_id = r.workspace_id and k.id = r.contact_id and k.deleted_at is null`,
  stage: `join pipeline_stages s on s.workspace_id = r.workspace_id and s.id = r.stage_id`,
  pipeline: `join pipelines p on p.workspace_id = r.workspace_id and p.id = r.pipeline_id`,
};

export type PgType = "text" | "numeric" | "int" | "date" | "timestamptz" | "boolean";

export interface SortKey {
  expr: string;
  type: PgType;
  /** Never null: keyset pagination can then use a plain comparison. */
  notNull?: boolean;
}

export interface SqlField {
  def: FieldDef;
  /** The value filters compare (for users and relations: the id). */
  value: string;
  /** For users and relations: the name shown, filtered by "contains" and sorted on. */
  label?: string;
  sort?: SortKey[];
  needs?: Join[];
  /** Part of the record's search text: "contains" can first narrow through its trigram index. */
  searched?: boolean;
  /** Ids compared as uuids (stage, pipeline, owner) rather than text. */
  uuid?: boolean;
}

export const tableOf: Record<RecordObject, string> = { company: "companies", contact: "contacts", deal: "deals", lead: "leads" };

const text = (expr: string, extra: Partial<SqlField> = {}) => ({ value: expr, sort: [{ expr, type: "text" as const }], ...extra });
/** A choice id as an SQL literal: plain ones as they are, any other as hex (nothing to escape). */
const literal = (id: string) =>
  /^[\w .-]*$/.test(id) ? `'${id}'` : `convert_from(decode('${Buffer.from(id, "utf8").toString("hex")}', 'hex'), 'UTF8')`;
const choiceSort = (expr: string, ids: string[]): SortKey => ({
  expr: `array_position(array[${ids.map(literal).join(",")}]::text[], ${expr})`,
  type: "int",
});
const fullName = (a: string) => `nullif(trim(concat_ws(' ', ${a}.first_name, ${a}.last_name)), '')`;

type Spec = Omit<SqlField, "def">;

const auditSql: Record<string, Spec> = {
  owner: { value: "r.owner_id", label: "o.name", sort: [{ expr: "o.name", type: "text" }], needs: ["owner"], uuid: true },
  tags: { value: "r.tags" },
  createdAt: { value: "r.created_at", sort: [{ expr: "r.created_at", type: "timestamptz", notNull: true }] },
  updatedAt: { value: "r.updated_at", sort: [{ expr: "r.updated_at", type: "timestamptz", notNull: true }] },
};

function choiceIds(object: RecordObject, key: string) {
  return builtInFields[object].find((x) => x.key === key)!.choices!.map((c) => c.id);
}

const personFields: Record<string, Spec> = {
  name: {
    value: "concat_ws(' ', r.first_name, r.last_name)",
    sort: [
      { expr: "r.first_name", type: "text", notNull: true },
      { expr: "r.last_name", type: "text" },
    ],
    searched: true,
  },
  firstName: { value: "r.first_name", sort: [{ expr: "r.first_name", type: "text", notNull: true }], searched: true },
  lastName: text("r.last_name", { searched: true }),
  email: text("r.email", { searched: true }),
  phone: text("r.phone"),
  title: text("r.title"),
};

const builtInSql: Record<RecordObject, Record<string, Spec>> = {
  company: {
    name: { value: "r.name", sort: [{ expr: "r.name", type: "text", notNull: true }], searched: true },
    domain: text("r.domain", { searched: true }),
    industry: text("r.industry"),
    size: { value: "r.size", sort: [choiceSort("r.size", choiceIds("company", "size"))] },
    city: text("r.address->>'city'"),
    country: text("r.address->>'country'"),
    ...auditSql,
  },
  contact: {
    ...personFields,
    company: { value: "r.company_id", label: "c.name", sort: [{ expr: "c.name", type: "text" }], needs: ["company"], uuid: true },
    lifecycleStage: { value: "r.lifecycle_stage", sort: [choiceSort("r.lifecycle_stage", choiceIds("contact", "lifecycleStage"))] },
    ...auditSql,
  },
  deal: {
    title: { value: "r.title", sort: [{ expr: "r.title", type: "text", notNull: true }], searched: true },
    amount: { value: "r.amount", sort: [{ expr: "r.amount", type: "numeric" }] },
    currency: text("r.currency"),
    pipeline: { value: "r.pipeline_id", sort: [{ expr: "p.position", type: "int", notNull: true }], needs: ["pipeline"], uuid: true },
    stage: {
      value: "r.stage_id",
      sort: [
        { expr: "p.position", type: "int", notNull: true },
        { expr: "s.position", type: "int", notNull: true },
      ],
      needs: ["stage", "pipeline"],
      uuid: true,
    },
    probability: {
      value: "coalesce(r.probability, s.probability)",
      sort: [{ expr: "coalesce(r.probability, s.probability)", type: "int", notNull: true }],
      needs: ["stage"],
    },
    expectedCloseDate: { value: "r.expected_close_date", sort: [{ expr: "r.expected_close_date", type: "date" }] },
    company: { value: "r.company_id", label: "c.name", sort: [{ expr: "c.name", type: "text" }], needs: ["company"], uuid: true },
    contact: { value: "r.contact_id", label: fullName("k"), sort: [{ expr: fullName("k"), type: "text" }], needs: ["contact"], uuid: true },
    closeReason: text("r.close_reason"),
    stageChangedAt: { value: "r.stage_changed_at", sort: [{ expr: "r.stage_changed_at", type: "timestamptz", notNull: true }] },
    ...auditSql,
  },
  lead: {
    ...personFields,
    companyName: text("r.company_name", { searched: true }),
    source: { value: "r.source", sort: [choiceSort("r.source", choiceIds("lead", "source"))] },
    status: { value: "r.status", sort: [choiceSort("r.status", choiceIds("lead", "status"))] },
    converted: { value: "(r.converted_at is not null)", sort: [{ expr: "(r.converted_at is not null)", type: "boolean", notNull: true }] },
    ...auditSql,
  },
};

/** The name of a record of each type, from its row aliased `x` (views, duplicates). */
export const recordName: Record<RecordObject, string> = {
  company: "x.name",
  contact: fullName("x"),
  deal: "x.title",
  lead: fullName("x"),
};

function customSql(def: FieldDef, id: string): Spec {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error("custom field ids are uuids");
  const at = `r.custom->>'${id}'`;
  switch (def.kind) {
    case "number":
    case "currency":
      return { value: `(${at})::numeric`, sort: [{ expr: `(${at})::numeric`, type: "numeric" }] };
    case "date":
      return { value: `(${at})::date`, sort: [{ expr: `(${at})::date`, type: "date" }] };
    case "checkbox":
      return { value: `coalesce((${at})::boolean, false)`, sort: [{ expr: `coalesce((${at})::boolean, false)`, type: "boolean", notNull: true }] };
    case "select":
      return { value: at, sort: [choiceSort(at, (def.choices ?? []).map((c) => c.id))] };
    case "multi_select":
      return { value: `(r.custom->'${id}')` };
    case "user": {
      const label = `(select u.name from users u where u.id::text = ${at})`;
      return { value: at, label, sort: [{ expr: label, type: "text" }] };
    }
    case "relation": {
      const target = def.relatesTo ?? "company";
      const label = `(select ${recordName[target]} from ${tableOf[target]} x where x.workspace_id = r.workspace_id and x.id::text = ${at} and x.deleted_at is null)`;
      return { value: at, label, sort: [{ expr: label, type: "text" }] };
    }
    default:
      return text(at);
  }
}

/** Every field of a record type in this workspace: built-in, with the workspace's stages, then custom. */
export async function fieldCatalog(ctx: WorkspaceCtx, object: RecordObject): Promise<Map<string, SqlField>> {
  const out = new Map<string, SqlField>();
  let dynamic: Record<string, Partial<FieldDef>> = {};
  if (object === "deal") {
    const stages = await ctx.db
      .select({ id: pipelineStages.id, name: pipelineStages.name, pipelineId: pipelines.id, pipelineName: pipelines.name })
      .from(pipelineStages)
      .innerJoin(pipelines, and(eq(pipelines.workspaceId, pipelineStages.workspaceId), eq(pipelines.id, pipelineStages.pipelineId)))
      .where(eq(pipelineStages.workspaceId, ctx.workspaceId))
      .orderBy(asc(pipelines.position), asc(pipelines.createdAt), asc(pipelineStages.position));
    const several = new Set(stages.map((s) => s.pipelineId)).size > 1;
    const pipelineChoices = new Map(stages.map((s) => [s.pipelineId, { id: s.pipelineId, label: s.pipelineName }]));
    dynamic = {
      stage: { choices: stages.map((s) => ({ id: s.id, label: several ? `${s.pipelineName} · ${s.name}` : s.name })) },
      pipeline: { choices: [...pipelineChoices.values()] },
    };
  }
  for (const def of builtInFields[object]) {
    const spec = { ...builtInSql[object][def.key]! };
    const choices = dynamic[def.key]?.choices;
    if (choices && (def.key === "stage" || def.key === "pipeline")) {
      // In the workspace's order (pipelines, then stages), without joining either table.
      spec.sort = [choiceSort(`${spec.value}::text`, choices.map((c) => c.id))];
      spec.needs = [];
    }
    out.set(def.key, { def: { ...def, ...dynamic[def.key] }, ...spec });
  }
  for (const field of await listCustomFields(ctx, object)) {
    const def = customFieldDef(field);
    out.set(def.key, { def, ...customSql(def, field.id) });
  }
  return out;
}
