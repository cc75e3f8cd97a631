/** One video in several formats (server/videos/renditions.ts): which formats, their files, and what a create may ask. */
import { describe, expect, it } from 'vitest';
import {
  captionsFileKey,
  checkFormats,
  extraRenditions,
  formatsOf,
  formatsOfRow,
  initialRenditions,
  renditionFileKeys,
  videoFileKeys,
} from '@/server/videos/renditions';
import { createVideoInput } from '@/server/videos/schemas';

const base = { title: 'T', template_id: 'tmpl_welcome_message', customer_data: { first_name: 'Sarah' } };

describe('formats of a create', () => {
  it.each([
    [{}, ['9:16']],
    [{ aspect_ratio: '1:1' }, ['1:1']],
    [{ aspect_ratios: ['16:9', '1:1'] }, ['16:9', '1:1']],
    [{ aspect_ratio: '16:9', aspect_ratios: ['16:9', '9:16', '1:1'] }, ['16:9', '9:16', '1:1']],
  ] as const)('%j → %j', (fields, formats) => {
    const input = createVideoInput.parse({ ...base, ...fields });
    expect(formatsOf(input)).toEqual(formats);
    const extras = initialRenditions(formatsOf(input));
    expect(extras?.map((r) => r.aspect_ratio) ?? []).toEqual(formats.slice(1));
  });

  it('defaults captions to off and refuses unknown modes', () => {
    expect(createVideoInput.parse(base).captions).toBe('off');
    expect(createVideoInput.safeParse({ ...base, captions: 'on' }).success).toBe(false);
  });

  it('refuses an empty list, more than three, and a repeated format (on the repeat)', () => {
    expect(createVideoInput.safeParse({ ...base, aspect_ratios: [] }).success).toBe(false);
    expect(createVideoInput.safeParse({ ...base, aspect_ratios: ['9:16', '16:9', '1:1', '1:1'] }).success).toBe(false);
    const repeated = createVideoInput.safeParse({ ...base, aspect_ratios: ['9:16', '16:9', '9:16'] });
    expect(repeated.error?.issues.map((i) => i.path)).toEqual([['aspect_ratios', 2]]);
  });

  it('wants aspect_ratio, when sent with aspect_ratios, to be its first element', () => {
    const template = { id: 'tmpl_x', aspectRatios: ['9:16', '16:9', '1:1'] as const };
    expect(checkFormats({ aspect_ratio: '9:16', aspect_ratios: ['16:9', '9:16'] }, template)).toEqual([
      { field: 'aspect_ratio', message: 'must equal aspect_ratios[0] (16:9) when both are sent' },
    ]);
    expect(checkFormats({ aspect_ratio: '16:9', aspect_ratios: ['16:9', '9:16'] }, template)).toEqual([]);
  });
});

describe('files of a video', () => {
  it('keeps the seed-era names for the first format and tags the others with their ratio', () => {
    expect(renditionFileKeys('vid_abc', '9:16', true)).toEqual({ video: 'videos/vid_abc.mp4', thumbnail: 'thumbnails/vid_abc.jpg' });
    expect(renditionFileKeys('vid_abc', '16:9', false)).toEqual({ video: 'videos/vid_abc-16x9.mp4', thumbnail: 'thumbnails/vid_abc-16x9.jpg' });
    expect(captionsFileKey('vid_abc')).toBe('videos/vid_abc.vtt');
  });

  it('lists every stored file of every format, and skips what is not a rendition', () => {
    const row = {
      id: 'vid_abc',
      aspectRatio: '9:16',
      videoKey: 'videos/vid_abc.mp4',
      thumbnailKey: 'thumbnails/vid_abc.jpg',
      captionsKey: 'videos/vid_abc.vtt',
      renditions: [
        { aspect_ratio: '1:1', video_key: 'videos/vid_abc-1x1.mp4', thumbnail_key: 'thumbnails/vid_abc-1x1.jpg', width: 720, height: 720, size_bytes: 1 },
        { aspect_ratio: '4:3', video_key: 'x', thumbnail_key: null, width: null, height: null, size_bytes: null },
      ],
    };
    expect(extraRenditions(row)).toHaveLength(1);
    expect(formatsOfRow(row)).toEqual(['9:16', '1:1']);
    expect(videoFileKeys(row)).toEqual([
      'videos/vid_abc.mp4',
      'thumbnails/vid_abc.jpg',
      'videos/vid_abc.vtt',
      'videos/vid_abc-1x1.mp4',
      'thumbnails/vid_abc-1x1.jpg',
    ]);
    expect(videoFileKeys({ ...row, videoKey: null, thumbnailKey: null, captionsKey: null, renditions: null })).toEqual([]);
  });
});
