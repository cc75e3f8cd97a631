/** X API v2 media upload: append a segment; see server/http/x/upload-v2.ts. */
import { handleV2Append } from '@/server/http/x/upload-v2';

export const dynamic = 'force-dynamic';

export const POST = handleV2Append;
