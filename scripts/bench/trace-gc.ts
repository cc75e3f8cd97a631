/** What V8's `--trace-gc-nvp` prints, read by scripts/bench/young-gen.ts. */
export type Gc = {
  scavenges: number;
  markCompacts: number;
  /** Every collection's pause, young and old. */
  pauseMs: number[];
  /** What the mark-compacts freed: garbage that had reached the old generation (promoted or allocated there). */
  oldGarbageBytes: number;
};

/**
 * V8's --trace-gc-nvp lines: `name=value` pairs up to Node 24, a JSON object from Node 26. The heap's
 * size before and after is `start_object_size`/`end_object_size` from Node 24 on, `total_size_before`/
 * `total_size_after` on Node 20.
 */
export function parseTraceGcNvp(text: string): Gc {
  const gc: Gc = { scavenges: 0, markCompacts: 0, pauseMs: [], oldGarbageBytes: 0 };
  const field = (line: string, name: string) => Number(new RegExp(`\\b${name}(?:=|":)([\\d.]+)`).exec(line)?.[1] ?? NaN);
  for (const line of text.split('\n')) {
    const kind = /\bgc(?:=|":")([a-z]+)/.exec(line)?.[1];
    if (!kind) continue;
    gc.pauseMs.push(field(line, 'pause'));
    if (kind === 'mc') {
      gc.markCompacts++;
      const before = field(line, 'start_object_size');
      const freed = Number.isNaN(before)
        ? field(line, 'total_size_before') - field(line, 'total_size_after')
        : before - field(line, 'end_object_size');
      gc.oldGarbageBytes += Number.isNaN(freed) ? 0 : Math.max(0, freed);
    } else {
      gc.scavenges++;
    }
  }
  return gc;
}
