/**
 * The event types an endpoint can subscribe to, what each means, and an
 * example of each payload's `data` (what "Send test event" sends when a
 * customer picks a type, so their handler can be tried without a real video).
 *
 * Event `data` is the outbox payload as written by the domain: for videos
 * `{ video: <the video exactly as GET /api/v1/videos/{id} returns it> }`, for
 * media the processed file's ids and properties.
 */
import { batchSummary } from '../batches/schemas';
import { videoDetail } from '../videos/schemas';

export const WEBHOOK_EVENT_TYPES = [
  'video.created',
  'video.processing',
  'video.published',
  'video.failed',
  'video.cancelled',
  'video.deleted',
  'batch.completed',
  'media.processed',
  'media.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by "Send test event"; never by the platform on its own. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** Subscribes to every type, including types added later. */
export const ALL_EVENTS = '*';

export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'video.created': 'A video was created (as a draft or straight into processing).',
  'video.processing': 'A video was submitted or retried and its render is queued.',
  'video.published': 'A video finished rendering: url and thumbnail are set.',
  'video.failed': 'A video’s render failed for good; error says why.',
  'video.cancelled': 'A video’s render was cancelled (POST /videos/{id}/cancel); retry renders it again.',
  'video.deleted': 'A video was deleted.',
  'batch.completed':
    'No video of a batch is processing any more (each published, failed or cancelled); data.batch is the batch as GET /api/v1/batches/{id} shows it, without items. Sent again if a retry reopens it.',
  'media.processed': 'An uploaded media file finished processing and is ready to use.',
  'media.failed': 'An uploaded media file could not be processed.',
};

export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/** True when an endpoint subscribed to `subscribed` wants events of `type`. */
export function endpointWants(subscribed: readonly string[], type: string): boolean {
  return subscribed.includes(ALL_EVENTS) || subscribed.includes(type);
}

const exampleVideo = (status: 'draft' | 'processing' | 'published' | 'failed' | 'cancelled') =>
  videoDetail.parse({
    id: 'vid_example000',
    title: 'Welcome Message for Sarah',
    status,
    duration: status === 'published' ? 24.5 : null,
    created_at: '2025-02-15T10:30:00Z',
    updated_at: '2025-02-15T10:31:12Z',
    template_id: 'tmpl_welcome_message',
    project_id: null,
    aspect_ratio: '9:16',
    url: status === 'published' ? 'https://video.example.com/files/videos/vid_example000.mp4' : null,
    thumbnail: status === 'published' ? 'https://video.example.com/files/thumbnails/vid_example000.jpg' : null,
    customer_data: { first_name: 'Sarah', last_name: 'Johnson', company: 'Acme Inc.' },
    ai_messaging: { tone: 'professional', length: 'medium', focus_points: ['product_benefits'] },
    analytics: { views: 0, completion_rate: 0, engagement_score: 0, average_watch_time: 0 },
    script: null,
    share_url: 'https://video.example.com/v/vid_example000',
    progress: status === 'processing' ? 0 : status === 'published' ? 1 : null,
    estimated_completion: null,
    error: status === 'failed' ? { code: 'render_timeout', message: 'The render took longer than allowed' } : null,
    resolution: 'standard',
    metadata: { crm_id: 'example' },
    batch_id: null,
    captions: 'sidecar',
    captions_url: status === 'published' ? 'https://video.example.com/files/videos/vid_example000.vtt' : null,
    renditions: [
      {
        aspect_ratio: '9:16',
        status,
        url: status === 'published' ? 'https://video.example.com/files/videos/vid_example000.mp4' : null,
        thumbnail: status === 'published' ? 'https://video.example.com/files/thumbnails/vid_example000.jpg' : null,
        width: status === 'published' ? 720 : null,
        height: status === 'published' ? 1280 : null,
        size_bytes: status === 'published' ? 2_481_152 : null,
      },
    ],
  });

/** The `data` of a test event of the given type. */
export function exampleEventData(type: WebhookEventType | typeof TEST_EVENT_TYPE, endpointId: string): unknown {
  switch (type) {
    case TEST_EVENT_TYPE:
      return { endpoint_id: endpointId, message: 'This is a test event sent from Clipwright.' };
    case 'video.created':
      return { video: exampleVideo('draft') };
    case 'video.processing':
      return { video: exampleVideo('processing') };
    case 'video.published':
    case 'video.deleted':
      return { video: exampleVideo('published') };
    case 'video.failed':
      return { video: exampleVideo('failed') };
    case 'video.cancelled':
      return { video: exampleVideo('cancelled') };
    case 'batch.completed':
      return {
        batch: batchSummary.parse({
          id: 'bat_example000',
          name: 'Welcome Message · 100 people',
          status: 'completed',
          template_id: 'tmpl_welcome_message',
          project_id: null,
          settings: { template_id: 'tmpl_welcome_message', aspect_ratio: '9:16', ai_messaging: { tone: 'friendly', length: 'short' } },
          source: 'csv',
          counts: { total: 100, accepted: 97, rejected: 3, processing: 0, published: 96, failed: 1, cancelled: 0 },
          progress: 1,
          estimated_completion: null,
          created_at: '2025-02-15T10:30:00Z',
          updated_at: '2025-02-15T10:44:12Z',
          completed_at: '2025-02-15T10:44:12Z',
        }),
      };
    case 'media.processed':
      return {
        media_id: '1882412341234567890',
        media_key: '13_1882412341234567890',
        kind: 'video',
        duration_ms: 12_000,
        width: 1280,
        height: 720,
        transcoded: false,
      };
    case 'media.failed':
      return {
        media_id: '1882412341234567890',
        media_key: '13_1882412341234567890',
        kind: 'video',
        error: { code: 1, name: 'InvalidMedia', message: 'The file is not a video we can read.' },
      };
  }
}
