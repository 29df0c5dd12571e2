import type { ComponentType } from "react";
import type { RecordObject } from "@/shared/permissions";
import { Prefetched } from "@/trpc/prefetched";
import { prefetchTable } from "./prefetch-table";

/** A record type's list page: its table, with its first queries run while the page renders (see prefetchTable). */
export function tablePage(object: RecordObject, List: ComponentType) {
  return async function TablePage({ searchParams }: { searchParams: Promise<{ view?: string | string[] }> }) {
    await prefetchTable(object, (await searchParams).view);
    return (
      <Prefetched>
        <List />
      </Prefetched>
    );
  };
}
