/**
 * The captions of a published video for its watch page's player: the
 * WebVTT file from storage, served from the page's own origin so the
 * <track> loads wherever storage lives (a bucket on another origin would
 * need CORS for it). Public like the watch page: the id is the capability.
 */
import { getDb } from '@/server/db/client';
import { getPublicCaptions } from '@/server/videos/service';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ id: string }> };

export async function GET(_req: Request, ctx: Context) {
  const { id } = await ctx.params;
  const vtt = await getPublicCaptions(await getDb(), { id });
  if (vtt === null) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(vtt, {
    headers: { 'content-type': 'text/vtt; charset=utf-8', 'cache-control': 'public, no-cache', 'x-content-type-options': 'nosniff' },
  });
}
