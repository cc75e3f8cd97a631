import type { ServerResponse } from 'node:http';

/** Makes `res.flushHeaders()` send the head with what the same tick writes, not on its own. */
export declare function coalesceHead(res: ServerResponse): void;
