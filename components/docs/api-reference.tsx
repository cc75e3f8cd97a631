'use client';
/** Interactive API reference (Scalar) over /api/v1/openapi.json; no fonts or scripts from a CDN. */
import { ApiReferenceReact } from '@scalar/api-reference-react';
import '@scalar/api-reference-react/style.css';

export function ApiReference() {
  return (
    <ApiReferenceReact
      configuration={{
        url: '/api/v1/openapi.json',
        withDefaultFonts: false,
        hideClientButton: false,
        hideDownloadButton: false,
        theme: 'default',
        metaData: { title: 'Clipwright API reference' },
      }}
    />
  );
}
