/** X API v2 media upload: initialize; see server/http/x/upload-v2.ts. */
import { handleV2Initialize } from '@/server/http/x/upload-v2';

export const dynamic = 'force-dynamic';

export const POST = handleV2Initialize;
