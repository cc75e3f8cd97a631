import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/safe-next';

describe('safeNextPath (where sign-in sends the user)', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNextPath('/videos/vid_1?tab=analytics#top')).toBe('/videos/vid_1?tab=analytics#top');
    expect(safeNextPath('/dashboard')).toBe('/dashboard');
    expect(safeNextPath('/a/../settings')).toBe('/settings');
  });

  it.each([
    null,
    '',
    'https://evil.example/',
    'evil.example',
    '//evil.example/',
    '/\\evil.example/',
    '/\\/evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/\u0000',
  ])('sends %j to the dashboard', (next) => {
    expect(safeNextPath(next)).toBe('/dashboard');
  });
});
