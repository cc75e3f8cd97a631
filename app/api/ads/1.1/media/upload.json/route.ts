/** The same endpoint under X's `.json` spelling. */
import { handleMediaUpload } from '../upload/handler';

export const dynamic = 'force-dynamic';

export const GET = handleMediaUpload;
export const POST = handleMediaUpload;
