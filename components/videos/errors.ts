/**
 * Field errors from the server. The tRPC errorFormatter puts the API's
 * `details` ([{field, message}], fields like `customer_data.first_name` or
 * `customer_data.features[0]`) on `error.data.details`; the form shows each
 * next to the input it names.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

/** The details of a tRPC error (empty when it has none, e.g. a network failure). */
export function errorDetails(error: unknown): FieldIssue[] {
  const data = (error as { data?: { details?: unknown } } | null)?.data;
  const details = data?.details;
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is FieldIssue => !!d && typeof d === 'object' && typeof d.field === 'string' && typeof d.message === 'string',
  );
}

/** `a.b[0].c` and `a.b.0.c` are the same field: compare in the dotted form. */
export function normalizeField(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1');
}

/** Issues grouped by normalized field. */
export type IssueMap = ReadonlyMap<string, string[]>;

export function toIssueMap(issues: readonly FieldIssue[]): IssueMap {
  const map = new Map<string, string[]>();
  for (const issue of issues) {
    const key = normalizeField(issue.field);
    map.set(key, [...(map.get(key) ?? []), issue.message]);
  }
  return map;
}

/** Messages for a field, including those of its items (`features.2` shows on `features`). */
export function issuesFor(map: IssueMap, field: string): string[] {
  const out: string[] = [];
  for (const [key, messages] of map) {
    if (key === field || key.startsWith(`${field}.`)) out.push(...messages);
  }
  return out;
}

/** Issues whose field no input on the page claims, for a summary above the form. */
export function unclaimedIssues(map: IssueMap, claimed: (field: string) => boolean): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const [field, messages] of map) {
    if (!claimed(field)) for (const message of messages) out.push({ field, message });
  }
  return out;
}
