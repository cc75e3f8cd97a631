/** The cases scripts/bench/young-gen-server.mjs serves (YOUNG_GEN_CASE). */
export declare const CASES: string[];
