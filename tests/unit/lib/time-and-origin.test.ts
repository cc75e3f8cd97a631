import { afterEach, describe, expect, it, vi } from 'vitest';
import { isoOrNull, isoSeconds } from '@/server/lib/time';
import { appOrigin } from '@/server/lib/urls';
import { resetEnvCache } from '@/server/env';

describe('isoSeconds', () => {
  it('drops the milliseconds, keeps the Z', () => {
    expect(isoSeconds(new Date('2025-02-15T10:30:00.999Z'))).toBe('2025-02-15T10:30:00Z');
    expect(isoSeconds(new Date(0))).toBe('1970-01-01T00:00:00Z');
    expect(isoOrNull(null)).toBeNull();
  });

  it('keeps years outside 0000–9999 whole', () => {
    expect(isoSeconds(new Date('+012345-01-02T03:04:05.678Z'))).toBe('+012345-01-02T03:04:05Z');
  });
});

describe('appOrigin', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it('takes the scheme from the URL and the host from the Host header, or the forwarded ones', () => {
    vi.stubEnv('APP_URL', '');
    resetEnvCache();
    expect(appOrigin(new Request('http://internal:3000/api/v1/videos/x', { headers: { host: 'videos.example.com' } }))).toBe('http://videos.example.com');
    expect(appOrigin(new Request('https://internal/api', { headers: { host: 'a.example' } }))).toBe('https://a.example');
    expect(appOrigin(new Request('http://internal/api', { headers: { 'x-forwarded-host': 'b.example', 'x-forwarded-proto': 'https' } }))).toBe('https://b.example');
    expect(appOrigin(new Request('https://internal/api', { headers: { 'x-forwarded-host': 'c.example' } }))).toBe('https://c.example');
    expect(appOrigin(new Request('http://127.0.0.1:3100/api'))).toBe('http://127.0.0.1:3100');
  });

  it('prefers APP_URL', () => {
    vi.stubEnv('APP_URL', 'https://app.example.com/');
    resetEnvCache();
    expect(appOrigin(new Request('http://internal/api', { headers: { host: 'x' } }))).toBe('https://app.example.com');
  });
});
