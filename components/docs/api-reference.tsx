'use client';
/**
 * Interactive API reference (Scalar) over /api/v1/openapi.json; no fonts or
 * scripts from a CDN. Scalar's hosted-service features (the AI agent, MCP,
 * the developer toolbar with SDK generation, deploy and share, telemetry) are
 * off: this is a self-hosted product and they would send visitors to a vendor.
 */
import { ApiReferenceReact } from '@scalar/api-reference-react';
import '@scalar/api-reference-react/style.css';
import './api-reference.css';

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
        agent: { disabled: true },
        mcp: { disabled: true },
        showDeveloperTools: 'never',
        telemetry: false,
      }}
    />
  );
}
