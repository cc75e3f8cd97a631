/**
 * Media ids: 64-bit, time-ordered, snowflake-like integers as on X
 * (milliseconds since X's epoch << 22 | 10 process bits << 12 | 12-bit
 * sequence). They exceed 2^53, so they live as `bigint` in code and in
 * Postgres, travel as decimal strings (`media_id_string`) and are written
 * into JSON as exact integer literals (see stringifyJson); a client whose
 * JSON parser rounds large numbers reads `media_id_string` instead, as X
 * documents.
 */
import { randomInt } from 'node:crypto';
import type { MediaKind } from '../db/schema';

/** X's snowflake epoch (2010-11-04T01:42:54.657Z), so ids look and sort like X's. */
export const SNOWFLAKE_EPOCH_MS = 1288834974657n;
export const MAX_MEDIA_ID = (1n << 63n) - 1n;

// Random per process: several web processes and workers rarely share one; the primary key catches the rest.
const processBits = BigInt(randomInt(1024));
let lastMs = 0n;
let sequence = 0n;

/** A new media id, strictly increasing within this process. */
export function newMediaId(now: number = Date.now()): bigint {
  let ms = BigInt(now) - SNOWFLAKE_EPOCH_MS;
  if (ms < lastMs) ms = lastMs;
  if (ms === lastMs) {
    sequence = (sequence + 1n) & 0xfffn;
    // 4096 ids in one millisecond: borrow the next millisecond rather than repeat.
    if (sequence === 0n) ms = lastMs + 1n;
  } else {
    sequence = 0n;
  }
  lastMs = ms;
  return (ms << 22n) | (processBits << 12n) | sequence;
}

/** When the id was minted. */
export function mediaIdTime(id: bigint): Date {
  return new Date(Number((id >> 22n) + SNOWFLAKE_EPOCH_MS));
}

/** X's media_key: `13_<id>` for videos (amplify_video), `3_<id>` for images. */
export function mediaKey(kind: MediaKind, id: bigint): string {
  return `${kind === 'video' ? 13 : 3}_${id}`;
}

/** Parses a decimal media id (digits only, 1 … 2^63-1); null when it is not one. */
export function parseMediaId(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value > 0n && value <= MAX_MEDIA_ID ? value : null;
  if (typeof value === 'number') {
    // A JSON number above 2^53 has already lost digits: refuse rather than address the wrong media.
    return Number.isSafeInteger(value) && value > 0 ? BigInt(value) : null;
  }
  if (typeof value !== 'string' || !/^[0-9]{1,19}$/.test(value.trim())) return null;
  const id = BigInt(value.trim());
  return id > 0n && id <= MAX_MEDIA_ID ? id : null;
}

/** Parses a library video id `13_<media_id>`; null when malformed. */
export function parseVideoId(value: string): bigint | null {
  const match = /^13_([0-9]{1,19})$/.exec(value.trim());
  return match?.[1] ? parseMediaId(match[1]) : null;
}
