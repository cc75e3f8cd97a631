/** ISO 8601 UTC with `Z` and whole seconds, as in the seeds (`2025-02-15T10:30:00Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoOrNull(date: Date | null | undefined): string | null {
  return date ? isoSeconds(date) : null;
}
