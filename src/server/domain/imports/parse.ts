import { parse } from "csv-parse/sync";
import { AppError } from "@/shared/errors";

export const MAX_IMPORT_ROWS = 50_000;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const candidates = [",", ";", "\t", "|"] as const;

/** The delimiter of a file: the candidate found most often in its first line, outside quotes. */
export function detectDelimiter(text: string): string {
  let inQuotes = false;
  const counts = new Map<string, number>();
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === "\n" || ch === "\r")) break;
    else if (!inQuotes && (candidates as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ",";
  let most = 0;
  for (const [d, n] of counts) if (n > most) [best, most] = [d, n];
  return best;
}

export interface ParsedFile {
  headers: string[];
  /** Data rows with their row number as a spreadsheet shows it (the header is row 1). */
  rows: { row: number; cells: string[] }[];
  delimiter: string;
}

/**
 * A CSV file as real ones come: any of , ; tab | as delimiter, a BOM, CRLF line ends, quoted
 * values with delimiters, quotes and line breaks in them, rows with too few or too many cells.
 */
export function parseCsv(content: string, delimiter?: string): ParsedFile {
  const text = content.replace(/^\uFEFF/, "");
  if (text.trim() === "") throw new AppError("INVALID", "import.empty", "The file is empty.");
  const d = delimiter ?? detectDelimiter(text);
  let records: string[][];
  try {
    // Blank lines are kept while parsing so that row numbers are the file's; they are dropped below.
    records = parse(text, { delimiter: d, relax_column_count: true, relax_quotes: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError(
      "INVALID",
      "import.unreadable",
      `The file could not be read as CSV${line ? ` (near line ${line})` : ""}: ${(error as Error).message.replace(/^Invalid.*?: /, "")}`,
    );
  }
  const [header, ...rows] = records;
  const headers = (header ?? []).map((h, i) => h.trim() || `Column ${i + 1}`);
  if (headers.length === 0) throw new AppError("INVALID", "import.no_header", "The first line of the file should name its columns.");
  // Lines with no value at all (a trailing ";;;;") are not rows.
  const data = rows.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((v) => v.trim() !== ""));
  if (data.length > MAX_IMPORT_ROWS) {
    throw new AppError("INVALID", "import.too_many_rows", `The file has ${data.length.toLocaleString("en-US")} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} at a time.`);
  }
  return { headers, rows: data, delimiter: d };
}
