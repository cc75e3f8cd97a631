/** X API v2 media upload: initialize; see server/http/x/upload-v2.ts. */
import { handleV2Initialize } from '@/server/http/x/upload-v2';
import { xMethodNotAllowed } from '@/server/http/x/route';

export const dynamic = 'force-dynamic';

export const POST = handleV2Initialize;

const notAllowed = xMethodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
