/** X API v2 media upload: finalize; see server/http/x/upload-v2.ts. */
import { handleV2Finalize } from '@/server/http/x/upload-v2';

export const dynamic = 'force-dynamic';

export const POST = handleV2Finalize;
