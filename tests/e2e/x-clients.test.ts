/**
 * X's own client libraries from npm, unmodified, pointed at the production
 * build by changing the host and the credentials only (README, "Use your X
 * client"): twitter-api-v2 signing with OAuth 1.0a uploads through v1.1
 * (`upload.x.com/1.1/media/upload.json`) and v2 (`api.x.com/2/media/upload/…`)
 * in every media_category spelling it sends, then drives the Ads API
 * (`ads-api.x.com/12/accounts/…`) through associate → list → get → PUT →
 * DELETE; the oauth-1.0a signer replays a request and is refused.
 */
import { createHmac } from 'node:crypto';
import https from 'node:https';
import OAuth from 'oauth-1.0a';
import { TwitterApi, ApiResponseError, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, signInOverHttp, startApp, trpcCall, type AppServer } from '../helpers/app-server';
import { startTlsProxy, type TlsProxy } from '../helpers/tls-proxy';
import { makeGif, makeJpeg, makePng, makeVideo } from '../integration/media/media-fixtures';

interface Credentials {
  consumer_key: string;
  consumer_secret: string;
  access_token: string;
  access_token_secret: string;
}

let app: AppServer;
/** twitter-api-v2 speaks HTTPS only: the app behind a TLS proxy, as deployed. */
let tls: TlsProxy;
let agent: https.Agent;
let creds: Credentials;
let accountId: string;
let client: TwitterApi;
let video: Buffer;
let png: Buffer;
let jpeg: Buffer;
let gif: Buffer;

/**
 * The one change an X client needs besides its credentials: requests go to our
 * host. Rewritten after the library built and signed them, so everything else
 * (body encodings per endpoint, the signature over X's URL) is as it is for X.
 */
const ourHost = (base: string): ITwitterApiClientPlugin => ({
  onBeforeRequest({ computedParams }) {
    const target = new URL(base);
    computedParams.url.protocol = target.protocol;
    computedParams.url.host = target.host;
  },
});

beforeAll(async () => {
  [app, video, jpeg, gif] = await Promise.all([
    startApp(),
    makeVideo({ width: 320, height: 180, frames: 45, audio: 'aac' }),
    makeJpeg(320, 180),
    makeGif(120, 80),
  ]);
  png = makePng(64, 64);
  tls = await startTlsProxy(app.url);
  agent = new https.Agent({ ca: tls.ca, keepAlive: true });
  const email = `x-clients-${Date.now()}@example.com`;
  const signup = await fetch(`${app.url}/api/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'x-clients-password', account_name: 'X clients' }),
  });
  expect(signup.status).toBe(202);
  const jar: CookieJar = await signInOverHttp(app.url, email, 'x-clients-password');
  const created = await trpcCall(app.url, jar, 'apiKeys.create', { name: 'twitter-api-v2', kind: 'oauth1' }, 'mutation');
  expect(created.status).toBe(200);
  creds = created.data.credentials;
  client = new TwitterApi(
    { appKey: creds.consumer_key, appSecret: creds.consumer_secret, accessToken: creds.access_token, accessSecret: creds.access_token_secret },
    { plugins: [ourHost(tls.url)], httpAgent: agent },
  );
  const accounts = await client.ads.get<{ data: Array<{ id: string }> }>('accounts');
  accountId = accounts.data[0]!.id;
}, 240_000);

afterAll(async () => {
  agent?.destroy();
  await tls?.close();
  await app?.cleanup();
});

describe('twitter-api-v2, unmodified, signing with OAuth 1.0a', () => {
  const uploaded: Record<string, string> = {};

  it('uploads through v1.1 in each category spelling it sends (TweetVideo, DmVideo, amplify_video, TweetImage, DmImage, TweetGif, DmGif)', async () => {
    uploaded.tweetVideo = await client.v1.uploadMedia(video, { mimeType: 'video/mp4' }); // TweetVideo
    uploaded.dmVideo = await client.v1.uploadMedia(video, { mimeType: 'video/mp4', target: 'dm' }); // DmVideo
    uploaded.amplify = await client.v1.uploadMedia(video, { mimeType: 'video/mp4', longVideo: true, chunkLength: 64 * 1024 }); // amplify_video, many segments
    uploaded.tweetImage = await client.v1.uploadMedia(jpeg, { mimeType: 'image/jpeg' }); // TweetImage
    uploaded.dmImage = await client.v1.uploadMedia(png, { mimeType: 'image/png', target: 'dm' }); // DmImage
    uploaded.gif = await client.v1.uploadMedia(gif, { mimeType: 'image/gif' }); // TweetGif
    uploaded.dmGif = await client.v1.uploadMedia(gif, { mimeType: 'image/gif', target: 'dm' }); // DmGif
    for (const id of Object.values(uploaded)) expect(id).toMatch(/^\d{18,19}$/);
    // STATUS as the library reads it: processed and typed.
    const status = await client.v1.mediaInfo(uploaded.tweetVideo!);
    expect(status.processing_info?.state).toBe('succeeded');
    expect(status.video?.video_type).toBe('video/mp4');
  });

  it('uploads through v2 (initialize / append / finalize / STATUS) in each category (tweet_video, amplify_video, dm_video, tweet_image, tweet_gif, dm_image, dm_gif)', async () => {
    for (const media_category of ['tweet_video', 'amplify_video', 'dm_video'] as const) {
      const id = await client.v2.uploadMedia(video, { media_type: 'video/mp4', media_category }, 128 * 1024);
      expect(id, media_category).toMatch(/^\d{18,19}$/);
      uploaded[`v2_${media_category}`] = id;
    }
    uploaded.v2Image = await client.v2.uploadMedia(png, { media_type: 'image/png' }); // tweet_image inferred
    uploaded.v2Gif = await client.v2.uploadMedia(gif, { media_type: 'image/gif' }); // tweet_gif inferred
    uploaded.v2DmImage = await client.v2.uploadMedia(jpeg, { media_type: 'image/jpeg', media_category: 'dm_image' });
    uploaded.v2DmGif = await client.v2.uploadMedia(gif, { media_type: 'image/gif', media_category: 'dm_gif' });
  });

  it('surfaces a refused upload as the ApiResponseError X clients test for', async () => {
    const err = await client.v1.uploadMedia(Buffer.from('not a video at all'), { mimeType: 'video/mp4' }).catch((e: unknown) => e);
    // Processing fails: the library reports it after STATUS says failed.
    expect(String((err as Error).message)).toMatch(/fail|invalid|not/i);
    const tooBig = await client.v1.post('media/upload.json', { command: 'INIT', total_bytes: 10 ** 13, media_type: 'video/mp4' }, { prefix: 'https://upload.x.com/1.1/' }).catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(ApiResponseError);
    expect((tooBig as ApiResponseError).code).toBe(413);
    expect((tooBig as ApiResponseError).hasErrorCode(324)).toBe(true);
    // A v2 segment over 5 MB: 413 from the production build (error mapping by name, not module identity).
    const init = await client.v2.post<{ data: { id: string } }>('media/upload/initialize', { media_type: 'video/mp4', total_bytes: 6 * 1024 * 1024 });
    const oversize = await client.v2
      .post(`media/upload/${init.data.id}/append`, { segment_index: 0, media: Buffer.alloc(5 * 1024 * 1024 + 1) }, { forceBodyMode: 'form-data' })
      .catch((e: unknown) => e);
    expect((oversize as ApiResponseError).code).toBe(413);
    expect((oversize as ApiResponseError).data).toMatchObject({ title: 'Payload Too Large', status: 413 });
  });

  it('drives the Ads API at /12/: associate → list → get → PUT → DELETE', async () => {
    const base = `accounts/${accountId}/videos`;
    const created = await client.ads.post<{ data: { id: string } }>(base, {
      video_media_id: uploaded.amplify,
      title: 'Spring, & more',
      poster_image_media_id: uploaded.tweetImage,
    });
    const videoId = created.data.id;
    expect(videoId).toBe(`13_${uploaded.amplify}`);

    const list = await client.ads.get<{ data: Array<{ id: string; title: string }>; next_cursor: string | null; total_count: number }>(base, {
      count: 5,
      with_total_count: true,
    });
    expect(list.data.map((v) => v.id)).toContain(videoId);
    expect(list.total_count).toBeGreaterThanOrEqual(1);

    const one = await client.ads.get<{ data: { title: string; ready_to_tweet: boolean; poster_url: string } }>(`${base}/${videoId}`);
    expect(one.data).toMatchObject({ title: 'Spring, & more', ready_to_tweet: true });
    expect(one.data.poster_url).toMatch(/^http/);

    const put = await client.ads.put<{ data: { title: string } }>(`${base}/${videoId}`, { title: 'Renamed ☃' });
    expect(put.data.title).toBe('Renamed ☃');

    const deleted = await client.ads.delete<{ data: { deleted: boolean } }>(`${base}/${videoId}`);
    expect(deleted.data.deleted).toBe(true);
    const after = await client.ads.get<{ data: unknown[] }>(base, { video_ids: videoId });
    expect(after.data).toEqual([]);
  });

  it('gets JSON errors in X’s shape for an unknown path, an unknown parameter and another account', async () => {
    const unknown = await client.ads.get('accounts/nope/campaigns').catch((e: unknown) => e);
    expect((unknown as ApiResponseError).code).toBe(404);
    expect((unknown as ApiResponseError).data.errors?.[0]).toMatchObject({ code: 'NOT_FOUND' });
    const param = await client.ads.get(`accounts/${accountId}/videos`, { sort_by: 'created_at-desc' }).catch((e: unknown) => e);
    expect((param as ApiResponseError).code).toBe(400);
    expect((param as ApiResponseError).data.errors?.[0]).toMatchObject({ code: 'UNKNOWN_PARAMETER', parameter: 'sort_by' });
    const foreign = await client.ads.get('accounts/someoneelse/videos').catch((e: unknown) => e);
    expect((foreign as ApiResponseError).code).toBe(403);
    // Host-relative paths X serves and we do not: JSON in X's shape, not the app's HTML 404.
    for (const p of ['/12/stats/accounts/abc', '/1.1/statuses/update.json', '/2/tweets']) {
      const res = await fetch(`${app.url}${p}`);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).toMatch(/application\/json/);
      expect((await res.json()).errors[0].code, p).toBe('NOT_FOUND');
    }
  });

  it('is refused with wrong credentials, as an auth error the library recognises', async () => {
    const wrong = new TwitterApi(
      { appKey: creds.consumer_key, appSecret: 'x'.repeat(50), accessToken: creds.access_token, accessSecret: creds.access_token_secret },
      { plugins: [ourHost(tls.url)], httpAgent: agent },
    );
    const err = await wrong.v1.uploadMedia(png, { mimeType: 'image/png' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiResponseError);
    expect((err as ApiResponseError).isAuthError).toBe(true);
    expect((err as ApiResponseError).hasErrorCode(32)).toBe(true);
  });
});

describe('an OAuth 1.0a signer (oauth-1.0a) with fetch', () => {
  it('signs a host-relative Ads call, and the same request replayed is refused', async () => {
    const oauth = new OAuth({
      consumer: { key: creds.consumer_key, secret: creds.consumer_secret },
      signature_method: 'HMAC-SHA1',
      hash_function: (text, key) => createHmac('sha1', key).update(text).digest('base64'),
    });
    const url = `${app.url}/12/accounts/${accountId}/videos?count=2`;
    const header = oauth.toHeader(oauth.authorize({ url, method: 'GET' }, { key: creds.access_token, secret: creds.access_token_secret }));
    const first = await fetch(url, { headers: { ...header } });
    expect(first.status).toBe(200);
    const replay = await fetch(url, { headers: { ...header } });
    expect(replay.status).toBe(401);
    const body = await replay.json();
    expect(body.errors[0]).toMatchObject({ code: 'UNAUTHORIZED_ACCESS' });
    expect(body.errors[0].message).toMatch(/nonce was already used/);
  });
});
