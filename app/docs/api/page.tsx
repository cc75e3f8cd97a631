import { headers } from 'next/headers';
import { ApiReference } from '@/components/docs/api-reference';
import { originFromHeaders } from '@/server/lib/urls';
import { buildOpenApiDocument } from '@/server/openapi/document';
import { buildReference, type OpenApiDocument } from '@/server/openapi/reference';

export const metadata = { title: 'API reference' };

/** The reference of /api/v1/openapi.json, rendered here (no viewer script, nothing from another host). */
export default async function ApiDocsPage() {
  const doc = buildOpenApiDocument() as unknown as OpenApiDocument;
  return <ApiReference doc={doc} reference={buildReference(doc)} origin={originFromHeaders(await headers())} />;
}
