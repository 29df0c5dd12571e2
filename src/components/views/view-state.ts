import type { RecordObject } from "@/shared/permissions";
import { isGroup, operandOf, operatorsByKind, type FieldDef, type FilterCondition, type ViewConfig, type ViewFilter } from "@/shared/views";

/**
 * A saved view against today's fields: columns, sorts, filters and grouping on fields that have
 * since been deleted are dropped, so an old view keeps working.
 */
export function sanitizeView(config: ViewConfig, fields: FieldDef[]): ViewConfig {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const known = (key: string) => byKey.has(key);
  const fits = (c: FilterCondition) => {
    const f = byKey.get(c.field);
    return !!f && operatorsByKind[f.kind].includes(c.operator);
  };
  const filter: ViewFilter | null = config.filter
    ? {
        combinator: config.filter.combinator,
        conditions: config.filter.conditions
          .map((c) => (isGroup(c) ? { ...c, conditions: c.conditions.filter(fits) } : c))
          .filter((c) => (isGroup(c) ? c.conditions.length > 0 : fits(c))),
      }
    : null;
  return {
    columns: config.columns.filter((c) => known(c.field)),
    filter: filter && filter.conditions.length ? filter : null,
    sorts: config.sorts.filter((s) => byKey.get(s.field)?.sortable),
    groupBy: config.groupBy && byKey.get(config.groupBy)?.groupable ? config.groupBy : null,
    search: config.search,
  };
}

/** Conditions still being written (no value yet) are left out of the query, not sent as errors. */
export function completeFilter(filter: ViewFilter | null, fields: FieldDef[]): ViewFilter | null {
  if (!filter) return null;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const complete = (c: FilterCondition) => {
    const f = byKey.get(c.field);
    if (!f) return false;
    const operand = operandOf(f.kind, c.operator);
    if (operand === "none") return true;
    if (operand === "list") return Array.isArray(c.value) && c.value.length > 0;
    if (operand === "number") return c.value !== "" && c.value !== null && c.value !== undefined && Number.isFinite(Number(c.value));
    return typeof c.value === "string" && c.value.trim() !== "";
  };
  const conditions = filter.conditions
    .map((c) => (isGroup(c) ? { ...c, conditions: c.conditions.filter(complete) } : c))
    .filter((c) => (isGroup(c) ? c.conditions.length > 0 : complete(c)));
  return conditions.length ? { combinator: filter.combinator, conditions } : null;
}

export function countConditions(filter: ViewFilter | null) {
  return (filter?.conditions ?? []).reduce((n, c) => n + (isGroup(c) ? c.conditions.length : 1), 0);
}

export const sameConfig = (a: ViewConfig, b: ViewConfig) => JSON.stringify(a) === JSON.stringify(b);

/** What the table asks for a view's rows (a page at a time) and their count: the same in the browser and when a page is rendered. */
export function viewQueries(object: RecordObject, config: ViewConfig, fields: FieldDef[], search: string) {
  const filter = completeFilter(config.filter, fields);
  return {
    filter,
    rows: { object, filter, sorts: config.sorts, groupBy: config.groupBy, search: search || null, limit: 100 },
    count: { object, filter, search: search || null },
  };
}
