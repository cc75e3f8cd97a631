/** Public URLs of local-driver objects (`/files/<key>`); all HTTP logic lives in server/storage/serve.ts. */
import { handleFileRequest } from '@/server/storage/serve';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

type Context = { params: Promise<{ key: string[] }> };

export async function GET(req: Request, ctx: Context) {
  return handleFileRequest(req, (await ctx.params).key);
}

export async function HEAD(req: Request, ctx: Context) {
  return handleFileRequest(req, (await ctx.params).key);
}
