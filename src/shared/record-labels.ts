import type { ApiObject, RecordObject } from "./permissions";

/** How each record type is named and where its pages live: one map for every screen. */
export const recordLabels: Record<RecordObject, { singular: string; plural: string; path: string }> = {
  company: { singular: "Company", plural: "Companies", path: "/companies" },
  contact: { singular: "Contact", plural: "Contacts", path: "/contacts" },
  deal: { singular: "Deal", plural: "Deals", path: "/deals" },
  lead: { singular: "Lead", plural: "Leads", path: "/leads" },
};

export const apiObjectLabels: Record<ApiObject, string> = {
  ...Object.fromEntries(Object.entries(recordLabels).map(([k, v]) => [k, v.plural])),
  task: "Tasks",
} as Record<ApiObject, string>;

/** The record type whose pages live under /{segment} ("contacts" → contact). */
export function objectOfSegment(segment: string): RecordObject | null {
  return (Object.keys(recordLabels) as RecordObject[]).find((o) => recordLabels[o].path === `/${segment}`) ?? null;
}

/** The page of a record or a task, for links in notifications and emails; null for anything else. */
export function recordPath(type: string | null, id: string | null): string | null {
  if (!type || !id) return null;
  if (type === "task") return `/tasks/${id}`;
  return type in recordLabels ? `${recordLabels[type as RecordObject].path}/${id}` : null;
}
