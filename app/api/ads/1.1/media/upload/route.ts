/** X's chunked media upload: see handler.ts. */
import { handleMediaUpload } from './handler';

export const dynamic = 'force-dynamic';

export const GET = handleMediaUpload;
export const POST = handleMediaUpload;
