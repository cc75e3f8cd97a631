import { getDb, getDbHandle, pingDb } from '@/server/db/client';
import pkg from '@/package.json';

export const dynamic = 'force-dynamic';

export async function GET() {
  let db: 'ok' | 'error' = 'error';
  let driver: string | null = null;
  try {
    driver = (await getDbHandle()).driver;
    db = (await pingDb(await getDb())) ? 'ok' : 'error';
  } catch {
    db = 'error';
  }
  const ok = db === 'ok';
  return Response.json(
    { status: ok ? 'ok' : 'degraded', db, db_driver: driver, version: pkg.version },
    { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  );
}
