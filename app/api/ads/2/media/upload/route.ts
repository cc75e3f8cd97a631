/** X API v2 media upload: STATUS (GET) and the command form (POST); see server/http/x/upload-v2.ts. */
import { handleV2Upload } from '@/server/http/x/upload-v2';
import { xMethodNotAllowed } from '@/server/http/x/route';

export const dynamic = 'force-dynamic';

export const GET = handleV2Upload;
export const POST = handleV2Upload;

const notAllowed = xMethodNotAllowed(['GET', 'POST']);
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
