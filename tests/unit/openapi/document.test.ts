import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '@/server/openapi/document';

/** Every public REST route file under app/api, as an OpenAPI path with its methods. */
function routes(dir = 'app/api'): Array<{ path: string; methods: string[] }> {
  const out: Array<{ path: string; methods: string[] }> = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...routes(full));
    else if (entry === 'route.ts') {
      const source = readFileSync(full, 'utf8');
      // Not the methods a route only refuses with a 405 (`export const PUT = notAllowed;`).
      const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) =>
        new RegExp(`export (const|async function|function) ${m}\\b(?! = notAllowed;)|export \\{[^}]*\\b${m}\\b`).test(source),
      );
      const p = `/${path.dirname(full)}`.replace(/^\/app/, '').replace(/\[([^\]]+)\]/g, '{$1}');
      out.push({ path: p, methods });
    }
  }
  return out;
}

// Not endpoints of their own: next-auth, tRPC, health, sign-up, the document itself, the Ads API's JSON
// 404 for paths that are no endpoint, and the background jobs route (CRON_SECRET, not an API key).
const internal = /^\/api\/(auth|trpc|health|signup|jobs\/run|v1\/openapi\.json)|^\/api\/ads\/no-endpoint$/;

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };

  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every public route and method', () => {
    const all = routes();
    expect(all.length).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const r of all) {
      if (internal.test(r.path)) continue;
      const documented = doc.paths[r.path];
      for (const m of r.methods) if (!documented?.[m.toLowerCase()]) missing.push(`${m} ${r.path}`);
    }
    expect(missing).toEqual([]);
  });
});
