/** X's chunked media upload: see server/http/x/upload-v1.ts. */
import { handleMediaUpload } from '@/server/http/x/upload-v1';
import { xMethodNotAllowed } from '@/server/http/x/route';

export const dynamic = 'force-dynamic';

export const GET = handleMediaUpload;
export const POST = handleMediaUpload;

const notAllowed = xMethodNotAllowed(['GET', 'POST']);
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
