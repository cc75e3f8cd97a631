/** The same endpoint under X's `.json` spelling. */
import { handleMediaUpload } from '@/server/http/x/upload-v1';

export const dynamic = 'force-dynamic';

export const GET = handleMediaUpload;
export const POST = handleMediaUpload;
