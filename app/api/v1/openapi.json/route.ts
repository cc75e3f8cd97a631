import { buildOpenApiDocument } from '@/server/openapi/document';

export const dynamic = 'force-static';

/** The OpenAPI 3.1 document of every public endpoint, generated from the zod schemas. */
export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
}
