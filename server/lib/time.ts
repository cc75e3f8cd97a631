/** ISO 8601 UTC with `Z` and whole seconds, as in the seeds (`2025-02-15T10:30:00Z`). */
export function isoSeconds(date: Date): string {
  // toISOString always ends in `.sssZ` (five characters); slicing is cheaper than a regex on every timestamp of every answer.
  const iso = date.toISOString();
  return `${iso.slice(0, -5)}Z`;
}

export function isoOrNull(date: Date | null | undefined): string | null {
  return date ? isoSeconds(date) : null;
}
