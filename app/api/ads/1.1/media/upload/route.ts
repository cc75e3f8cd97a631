/** X's chunked media upload: see server/http/x/upload-v1.ts. */
import { handleMediaUpload } from '@/server/http/x/upload-v1';

export const dynamic = 'force-dynamic';

export const GET = handleMediaUpload;
export const POST = handleMediaUpload;
