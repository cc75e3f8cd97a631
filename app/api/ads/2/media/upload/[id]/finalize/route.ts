/** X API v2 media upload: finalize; see server/http/x/upload-v2.ts. */
import { handleV2Finalize } from '@/server/http/x/upload-v2';
import { xMethodNotAllowed } from '@/server/http/x/route';

export const dynamic = 'force-dynamic';

export const POST = handleV2Finalize;

const notAllowed = xMethodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
