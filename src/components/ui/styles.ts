/** A compact input or select, for toolbars and editors (filters, sorts, column mappings, stages). */
export const compactControl =
  "h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm focus:border-brand-500 focus:ring-1 focus:ring-brand-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900";

/** A link drawn as a secondary button (Import, Export CSV, See contacts…). */
export const linkButton =
  "inline-flex h-10 items-center gap-2 rounded-md border border-zinc-300 px-4 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800";
