import { describe, expect, it } from 'vitest';
import { parseTraceGcNvp } from '../../../scripts/bench/trace-gc';

// Lines as V8 prints them with --trace-gc-nvp (shortened: the fields the bench reads, and some around them).
const NODE_24 = [
  '[13661:0x426cb000:0]       17 ms: pause=0.5 mutator=13.2 gc=s reduce_memory=0 interleaved=0 scavenge=0.48 start_object_size=2097152 end_object_size=1048576 promoted=0 new_space_survived=1200',
  'ready',
  '[13661:0x426cb000:0]       31 ms: pause=2.5 mutator=11.0 gc=s reduce_memory=0 scavenge=2.40 start_object_size=3145728 end_object_size=1572864 promoted=524288',
  '[13661:0x426cb000:0]       40 ms: pause=4.7 mutator=9.1 gc=mc reduce_memory=0 time_to_safepoint=0.00 start_object_size=4886800 end_object_size=3983264',
].join('\n');
const NODE_20 = [
  '[20011:0x5f1e000]       12 ms: pause=0.4 mutator=10.1 gc=s reduce_memory=0 scavenge=0.35 total_size_before=2097152 total_size_after=1048576 promoted=0',
  '[20011:0x5f1e000]       30 ms: pause=2.5 mutator=8.0 gc=mc reduce_memory=0 total_size_before=3888384 total_size_after=2718744 holes_size_before=432344',
].join('\n');
const NODE_26 = [
  '[13672:0x1ecea000:0]       18 ms: GC: {"pause":1.517,"mutator":13.626,"gc":"s","reduce_memory":false,"start_object_size":2097152,"end_object_size":1048576}',
  '[13672:0x1ecea000:0]       52 ms: GC: {"pause":7.116,"mutator":20.1,"gc":"mc","reduce_memory":false,"start_object_size":5001000,"end_object_size":4034640}',
].join('\n');

describe('parseTraceGcNvp', () => {
  it("reads Node 24's name=value lines, skipping other output", () => {
    expect(parseTraceGcNvp(NODE_24)).toEqual({ scavenges: 2, markCompacts: 1, pauseMs: [0.5, 2.5, 4.7], oldGarbageBytes: 4886800 - 3983264 });
  });

  it("reads Node 20's heap sizes (total_size_before/after)", () => {
    expect(parseTraceGcNvp(NODE_20)).toEqual({ scavenges: 1, markCompacts: 1, pauseMs: [0.4, 2.5], oldGarbageBytes: 3888384 - 2718744 });
  });

  it("reads Node 26's JSON lines", () => {
    expect(parseTraceGcNvp(NODE_26)).toEqual({ scavenges: 1, markCompacts: 1, pauseMs: [1.517, 7.116], oldGarbageBytes: 5001000 - 4034640 });
  });

  it('finds nothing in output without GC lines', () => {
    expect(parseTraceGcNvp('ready\n✓ Ready in 92ms\n')).toEqual({ scavenges: 0, markCompacts: 0, pauseMs: [], oldGarbageBytes: 0 });
  });
});
