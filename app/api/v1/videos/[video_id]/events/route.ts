import { getDb } from '@/server/db/client';
import { playbackEventInput, recordPlaybackEvent } from '@/server/analytics/service';
import { isBot } from '@/server/analytics/bots';
import { errorResponse, parseJsonBody } from '@/server/http/respond';
import { clientIp } from '@/server/http/client-ip';
import { enforceRateLimit } from '@/server/http/rate-limit';
import { assertPlausiblePathIds } from '@/server/http/with-api-key';

export const dynamic = 'force-dynamic';

/** Beacons may come from players embedded on customers' sites: no credentials, any origin. */
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
};

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS });
}

/** (ext) Public playback beacons: no API key, validated, rate-limited, bots ignored. */
export async function POST(req: Request, ctx: { params: Promise<{ video_id: string }> }) {
  try {
    const { video_id: videoId } = await ctx.params;
    assertPlausiblePathIds({ videoId });
    if (isBot(req.headers.get('user-agent'))) {
      return Response.json({ accepted: false, reason: 'bot' }, { status: 202, headers: CORS });
    }
    const db = await getDb();
    await enforceRateLimit(db, `events:${clientIp(req)}:${videoId}`, { limit: 120, windowMs: 60_000 });
    const event = await parseJsonBody(req, playbackEventInput, { maxBytes: 8 * 1024 });
    await recordPlaybackEvent(db, { videoId, event });
    return Response.json({ accepted: true }, { status: 202, headers: CORS });
  } catch (err) {
    const res = errorResponse(err);
    for (const [k, v] of Object.entries(CORS)) res.headers.set(k, v);
    return res;
  }
}
