/**
 * A local stand-in for the three AWS services @remotion/lambda's client
 * calls, speaking their HTTP APIs (as s3rver stands in for S3 in the storage
 * tests), on one port:
 *
 * - Lambda: Invoke (`POST /2015-03-31/functions/{name}/invocations`,
 *   X-Amz-Invocation-Type) and InvokeWithResponseStream
 *   (`POST /2021-11-15/functions/{name}/response-streaming-invocations`),
 *   whose answer is an `application/vnd.amazon.eventstream` of PayloadChunk
 *   and InvokeComplete events, framed here byte by byte (prelude, headers,
 *   CRC32s) as AWS frames them.
 * - S3, path-style (the SDK uses path style for an IP endpoint): PutObject,
 *   GetObject, HeadObject, ListObjectsV2, DeleteObject, GetBucketLocation, with
 *   S3's XML errors (NoSuchKey, NoSuchBucket).
 * - STS: GetCallerIdentity (cancelRenderOnLambda asks for the account id).
 *
 * Every request must carry a valid AWS Signature V4 for the test credentials
 * (the signature is recomputed here; a bad one gets 403
 * SignatureDoesNotMatch) and is logged with its service (from the credential
 * scope), so tests can check what was called and how.
 *
 * The deployed "function" is Remotion's protocol played by our renderer:
 * `start` answers {renderId, bucketName} at once and renders in the
 * background with @remotion/renderer (selectComposition + renderMedia from
 * the local bundle the site URL maps to), writing `renders/{id}/progress.json`
 * as Remotion's functions do (OverallRenderProgress: renderMetadata, frames
 * rendered and encoded, errors, then postRenderData with the cost from
 * Remotion's own estimatePrice) and the MP4 to `renders/{id}/out.mp4`; it
 * watches `renders/{id}/cancel.json` and stops when it appears. `still`
 * renders the frame with renderStill, stores `renders/{id}/out.jpeg` and
 * streams Remotion's messages (render-id-determined, still-rendered, encoded
 * with @remotion/serverless-client's makeStreamPayload, the encoder of the
 * real function). A composition that throws ends as a fatal renderer error
 * in progress.json, as on Lambda.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { estimatePrice } from '@remotion/lambda/client';
import {
  cancellationKey,
  makeStreamPayload,
  overallProgressKey,
  type OverallRenderProgress,
  type RenderMetadata,
} from '@remotion/serverless-client';
import { acquireBrowser, browserExecutable } from '../../server/render/browser';

/** The credentials the fake accepts; set them as REMOTION_AWS_ACCESS_KEY_ID / REMOTION_AWS_SECRET_ACCESS_KEY. */
export const FAKE_AWS_CREDENTIALS = { accessKeyId: 'AKIAFAKELAMBDATEST01', secretAccessKey: 'fake-secret-for-local-tests-only/1234567' };
export const FAKE_ACCOUNT_ID = '123456789012';

export interface LoggedRequest {
  service: string;
  region: string;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** The Lambda payload's `type` (start, still, status…), for Lambda calls. */
  lambdaType?: string;
}

type AwsProvider = import('@remotion/lambda/client').AwsProvider;
type Progress = OverallRenderProgress<AwsProvider>;

interface StoredObject {
  body: Buffer;
  contentType: string;
  lastModified: Date;
}

export interface FakeAwsOptions {
  region: string;
  functionName: string;
  /** Site URL (REMOTION_LAMBDA_SERVE_URL) → local bundle folder the function renders from. */
  sites: Record<string, string>;
  bucketName: string;
}

const RFC3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** Recomputes the request's SigV4 signature; returns the problem, or null when it is valid. */
function checkSigV4(req: http.IncomingMessage, body: Buffer, secret: string): { problem: string | null; service: string; region: string } {
  const auth = req.headers.authorization ?? '';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { problem: `not a SigV4 Authorization header: ${auth || '(none)'}`, service: 'unknown', region: 'unknown' };
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(date!)) return { problem: 'X-Amz-Date missing or not the credential date', service: service!, region: region! };
  if (accessKeyId !== FAKE_AWS_CREDENTIALS.accessKeyId) return { problem: `unknown access key ${accessKeyId}`, service: service!, region: region! };
  const url = new URL(req.url ?? '/', 'http://x');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [RFC3986(k), RFC3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  // S3 signs the path as sent; the other services encode it once more.
  const canonicalPath = service === 's3' ? url.pathname : url.pathname.split('/').map((seg) => RFC3986(decodeURIComponent(seg))).map(RFC3986).join('/');
  const headerLines = signedHeaders!.split(';').map((name) => {
    const raw = req.headers[name];
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    return `${name}:${String(value).trim().replace(/\s+/g, ' ')}\n`;
  });
  const payloadHash = typeof req.headers['x-amz-content-sha256'] === 'string' ? req.headers['x-amz-content-sha256'] : sha256(body);
  const canonical = [req.method, canonicalPath, query, headerLines.join(''), signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign).digest('hex');
  return { problem: expected === signature ? null : 'SignatureDoesNotMatch', service: service!, region: region! };
}

/** One message of an AWS event stream: prelude (lengths + CRC), string headers, payload, message CRC. */
export function eventStreamMessage(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const headerBytes = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const n = Buffer.from(name, 'utf8');
      const v = Buffer.from(value, 'utf8');
      const len = Buffer.alloc(2);
      len.writeUInt16BE(v.length);
      return Buffer.concat([Buffer.from([n.length]), n, Buffer.from([7]), len, v]);
    }),
  );
  const total = 12 + headerBytes.length + payload.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude));
  const withoutCrc = Buffer.concat([prelude, preludeCrc, headerBytes, Buffer.from(payload)]);
  const messageCrc = Buffer.alloc(4);
  messageCrc.writeUInt32BE(crc32(withoutCrc));
  return Buffer.concat([withoutCrc, messageCrc]);
}

/** Undoes `Content-Encoding: aws-chunked` (hex-size;chunk-signature=… lines), which the SDK may use for uploads. */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = Number.parseInt(body.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    if (!size) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class FakeAws {
  readonly requests: LoggedRequest[] = [];
  /** Signature problems seen (a test asserts there were none). */
  readonly rejected: Array<{ path: string; problem: string }> = [];
  readonly objects = new Map<string, StoredObject>();
  /** Renders the function ran, by id, with how they ended. */
  readonly renders = new Map<string, { status: 'rendering' | 'done' | 'failed' | 'cancelled'; composition: string }>();
  private server!: http.Server;
  private readonly pending = new Set<Promise<unknown>>();
  endpoint = '';

  constructor(readonly options: FakeAwsOptions) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.handle(req, Buffer.concat(chunks), res).catch((err) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: (err as Error).message }));
        });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Waits for background renders, then closes the server. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Requests of one service (`lambda`, `s3`, `sts`). */
  of(service: string): LoggedRequest[] {
    return this.requests.filter((r) => r.service === service);
  }

  private key(bucket: string, key: string) {
    return `${bucket}/${key}`;
  }

  putObject(bucket: string, key: string, body: Buffer | string, contentType = 'application/octet-stream') {
    this.objects.set(this.key(bucket, key), { body: Buffer.from(body), contentType, lastModified: new Date() });
  }

  getObject(bucket: string, key: string): Buffer | null {
    return this.objects.get(this.key(bucket, key))?.body ?? null;
  }

  private async handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const { problem, service, region } = checkSigV4(req, body, FAKE_AWS_CREDENTIALS.secretAccessKey);
    const url = new URL(req.url ?? '/', 'http://x');
    const entry: LoggedRequest = { service, region, method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers };
    this.requests.push(entry);
    if (problem) {
      this.rejected.push({ path: url.pathname, problem });
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${xmlEscape(problem)}</Message></Error>`);
      return;
    }
    if (service === 'lambda') return this.lambda(req, url, body, res, entry);
    if (service === 's3') return this.s3(req, url, body, res);
    if (service === 'sts') return this.sts(req, body, res);
    res.writeHead(400).end(`unknown service ${service}`);
  }

  // ---- STS ----

  private sts(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) {
    const target = String(req.headers['x-amz-target'] ?? '');
    const form = new URLSearchParams(body.toString('utf8'));
    const arn = `arn:aws:iam::${FAKE_ACCOUNT_ID}:user/remotion-test`;
    if (target.endsWith('GetCallerIdentity')) {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ Account: FAKE_ACCOUNT_ID, Arn: arn, UserId: 'AIDAFAKE' }));
      return;
    }
    if (form.get('Action') !== 'GetCallerIdentity') {
      res.writeHead(400, { 'content-type': 'text/xml' }).end('<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAFAKE</UserId><Account>${FAKE_ACCOUNT_ID}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${randomBytes(8).toString('hex')}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }

  // ---- S3 ----

  private s3Error(res: http.ServerResponse, status: number, code: string, message: string, head = false) {
    res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': randomBytes(8).toString('hex') });
    res.end(head ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
  }

  private s3(req: http.IncomingMessage, url: URL, rawBody: Buffer, res: http.ServerResponse) {
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = rest.map(decodeURIComponent).join('/');
    if (bucket !== this.options.bucketName) return this.s3Error(res, 404, 'NoSuchBucket', `The specified bucket ${bucket} does not exist`, req.method === 'HEAD');
    if (!key) {
      if (url.searchParams.has('location')) {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${this.options.region === 'us-east-1' ? '' : this.options.region}</LocationConstraint>`);
        return;
      }
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const keys = [...this.objects.entries()]
          .filter(([k]) => k.startsWith(`${bucket}/${prefix}`))
          .map(([k, o]) => ({ key: k.slice(bucket.length + 1), o }))
          .sort((a, b) => (a.key < b.key ? -1 : 1));
        const contents = keys
          .map(({ key: k, o }) => `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>"${sha256(o.body).slice(0, 32)}"</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`)
          .join('');
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
        );
        return;
      }
      return this.s3Error(res, 400, 'NotImplemented', `${req.method} on a bucket is not implemented by the fake`);
    }
    const stored = this.objects.get(this.key(bucket, key));
    switch (req.method) {
      case 'PUT': {
        const encoding = String(req.headers['content-encoding'] ?? '');
        const body = encoding.includes('aws-chunked') ? decodeAwsChunked(rawBody) : rawBody;
        this.putObject(bucket, key, body, String(req.headers['content-type'] ?? 'application/octet-stream'));
        res.writeHead(200, { etag: `"${sha256(body).slice(0, 32)}"` }).end();
        return;
      }
      case 'GET':
      case 'HEAD': {
        if (!stored) return this.s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.', req.method === 'HEAD');
        res.writeHead(200, {
          'content-type': stored.contentType,
          'content-length': String(stored.body.length),
          etag: `"${sha256(stored.body).slice(0, 32)}"`,
          'last-modified': stored.lastModified.toUTCString(),
        });
        res.end(req.method === 'HEAD' ? undefined : stored.body);
        return;
      }
      case 'DELETE':
        this.objects.delete(this.key(bucket, key));
        res.writeHead(204).end();
        return;
      default:
        return this.s3Error(res, 405, 'MethodNotAllowed', `${req.method} is not allowed`);
    }
  }

  // ---- Lambda ----

  private lambda(req: http.IncomingMessage, url: URL, body: Buffer, res: http.ServerResponse, entry: LoggedRequest) {
    const invoke = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    const stream = /^\/2021-11-15\/functions\/([^/]+)\/response-streaming-invocations$/.exec(url.pathname);
    const name = decodeURIComponent((invoke ?? stream)?.[1] ?? '');
    if (req.method !== 'POST' || (!invoke && !stream)) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' });
      res.end(JSON.stringify({ message: `Unknown operation ${req.method} ${url.pathname}` }));
      return;
    }
    if (name !== this.options.functionName) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
      res.end(JSON.stringify({ Type: 'User', message: `Function not found: arn:aws:lambda:${this.options.region}:${FAKE_ACCOUNT_ID}:function:${name}` }));
      return;
    }
    const payload = JSON.parse(body.toString('utf8')) as { type: string } & Record<string, unknown>;
    entry.lambdaType = payload.type;
    if (invoke) {
      if (req.headers['x-amz-invocation-type'] !== 'RequestResponse') {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'only RequestResponse is implemented' }));
        return;
      }
      const answer = payload.type === 'start' ? this.startRender(payload) : { type: 'error', message: `routine ${payload.type} is not implemented by the fake`, stack: '' };
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(JSON.stringify(answer));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amz-executed-version': '$LATEST' });
    const chunk = (bytes: Uint8Array) =>
      res.write(eventStreamMessage({ ':event-type': 'PayloadChunk', ':content-type': 'application/octet-stream', ':message-type': 'event' }, bytes));
    const complete = (details: Record<string, string> = {}) => {
      res.write(eventStreamMessage({ ':event-type': 'InvokeComplete', ':content-type': 'application/json', ':message-type': 'event' }, Buffer.from(JSON.stringify(details))));
      res.end();
    };
    if (payload.type !== 'still') {
      complete({ ErrorCode: 'Unhandled', ErrorDetails: `routine ${payload.type} is not implemented by the fake` });
      return;
    }
    const work = this.renderStill(payload, chunk).then(
      () => complete(),
      (err: Error) => {
        chunk(makeStreamPayload<AwsProvider>({ message: { type: 'error-occurred', payload: { error: err.message, shouldRetry: false, errorInfo: errorInfo(err, null) } } }));
        complete();
      },
    );
    this.track(work);
  }

  private track(p: Promise<unknown>) {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private siteDir(serveUrl: unknown): string {
    const dir = this.options.sites[String(serveUrl)];
    if (!dir) throw new Error(`Could not open ${String(serveUrl)}: no site was deployed there`);
    return dir;
  }

  private writeProgress(renderId: string, progress: Progress) {
    this.putObject(this.options.bucketName, overallProgressKey(renderId), JSON.stringify(progress), 'application/json');
  }

  private startRender(payload: Record<string, unknown>) {
    const renderId = randomBytes(5).toString('hex');
    const bucketName = (payload.bucketName as string | null) ?? this.options.bucketName;
    const now = Date.now();
    const progress: Progress = {
      cancellationEnabled: Boolean(payload.enableCancellation),
      chunks: [],
      framesRendered: 0,
      framesEncoded: 0,
      combinedFrames: 0,
      timeToCombine: null,
      timeToEncode: null,
      timeToRenderFrames: null,
      lambdasInvoked: 0,
      retries: [],
      postRenderData: null,
      timings: [],
      renderMetadata: null,
      errors: [],
      fatalErrorTimestamp: null,
      timeoutTimestamp: now + this.timeoutSeconds() * 1000,
      functionLaunched: now,
      serveUrlOpened: null,
      compositionValidated: null,
      receivedArtifact: [],
    };
    this.writeProgress(renderId, progress);
    this.renders.set(renderId, { status: 'rendering', composition: String(payload.composition) });
    this.track(this.renderMedia(renderId, bucketName, payload, progress));
    return { type: 'success', renderId, bucketName };
  }

  private timeoutSeconds() {
    return Number(/-(\d+)sec$/.exec(this.options.functionName)?.[1] ?? 120);
  }

  private memoryMb() {
    return Number(/-mem(\d+)mb-/.exec(this.options.functionName)?.[1] ?? 2048);
  }

  private async renderMedia(renderId: string, bucketName: string, payload: Record<string, unknown>, progress: Progress): Promise<void> {
    const renderer = await import('@remotion/renderer');
    const started = Date.now();
    const { cancelSignal, cancel } = renderer.makeCancelSignal();
    let cancelled = false;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-lambda-'));
    try {
      const serveUrl = this.siteDir(payload.serveUrl);
      const inputProps = JSON.parse((payload.inputProps as { payload: string }).payload) as Record<string, unknown>;
      const slot = await acquireBrowser();
      const common = {
        serveUrl,
        inputProps,
        puppeteerInstance: slot.browser,
        browserExecutable: (await browserExecutable()) ?? null,
        chromeMode: 'headless-shell' as const,
        logLevel: 'error' as const,
      };
      const composition = await renderer.selectComposition({ ...common, id: String(payload.composition) });
      const frameRange: [number, number] = [0, composition.durationInFrames - 1];
      const scale = Number(payload.scale ?? 1);
      const metadata: RenderMetadata<AwsProvider> = {
        type: 'video',
        imageFormat: 'jpeg',
        muted: Boolean(payload.muted),
        frameRange,
        everyNthFrame: 1,
        codec: 'h264',
        siteId: 'clipwright',
        startedDate: started,
        totalChunks: 1,
        estimatedTotalLambdaInvokations: 1,
        estimatedRenderLambdaInvokations: 1,
        compositionId: composition.id,
        audioCodec: null,
        inputProps: payload.inputProps as RenderMetadata<AwsProvider>['inputProps'],
        framesPerLambda: composition.durationInFrames,
        memorySizeInMb: this.memoryMb(),
        functionName: this.options.functionName,
        rendererFunctionName: this.options.functionName,
        lambdaVersion: '4-0-527',
        region: this.options.region as RenderMetadata<AwsProvider>['region'],
        renderId,
        outName: undefined,
        outputFileIsConditional: false,
        privacy: 'private',
        deleteAfter: null,
        numberOfGifLoops: null,
        audioBitrate: null,
        downloadBehavior: { type: 'play-in-browser' },
        metadata: (payload.metadata as Record<string, string> | null) ?? null,
        dimensions: { width: Math.round(composition.width * scale), height: Math.round(composition.height * scale) },
        scale,
      };
      Object.assign(progress, { renderMetadata: metadata, lambdasInvoked: 1, serveUrlOpened: Date.now(), compositionValidated: Date.now() });
      this.writeProgress(renderId, progress);
      const output = path.join(dir, 'out.mp4');
      let lastWrite = 0;
      await renderer.renderMedia({
        ...common,
        composition,
        codec: 'h264',
        outputLocation: output,
        scale,
        crf: payload.crf as number | null,
        x264Preset: payload.x264Preset as 'veryfast',
        pixelFormat: 'yuv420p',
        colorSpace: 'bt709',
        imageFormat: 'jpeg',
        jpegQuality: payload.jpegQuality as number,
        concurrency: 1,
        cancelSignal,
        onProgress: ({ renderedFrames, encodedFrames }) => {
          // The renderer functions poll for the cancellation signal; so does this one, on each progress report.
          if (progress.cancellationEnabled && this.getObject(bucketName, cancellationKey(renderId)) && !cancelled) {
            cancelled = true;
            cancel();
          }
          if (Date.now() - lastWrite < 150) return;
          lastWrite = Date.now();
          Object.assign(progress, { framesRendered: renderedFrames, framesEncoded: encodedFrames });
          this.writeProgress(renderId, progress);
        },
      });
      const mp4 = await readFile(output);
      this.putObject(bucketName, `renders/${renderId}/out.mp4`, mp4, 'video/mp4');
      const end = Date.now();
      const cost = estimatePrice({ region: this.options.region as RenderMetadata<AwsProvider>['region'], durationInMilliseconds: end - started, memorySizeInMb: this.memoryMb(), diskSizeInMb: 2048, lambdasInvoked: 1 });
      Object.assign(progress, {
        chunks: [0],
        framesRendered: composition.durationInFrames,
        framesEncoded: composition.durationInFrames,
        combinedFrames: composition.durationInFrames,
        timeToCombine: 0,
        timeToEncode: end - started,
        timeToRenderFrames: end - started,
        postRenderData: {
          cost: { estimatedCost: cost, estimatedDisplayCost: `$${cost.toFixed(5)}`, currency: 'USD', disclaimer: 'Estimated cost only. Does not include charges for other AWS services.' },
          outputFile: `https://s3.${this.options.region}.amazonaws.com/${bucketName}/renders/${renderId}/out.mp4`,
          outputSize: mp4.length,
          renderSize: mp4.length,
          timeToFinish: end - started,
          timeToRenderFrames: end - started,
          errors: [],
          startTime: started,
          endTime: end,
          filesCleanedUp: 0,
          timeToEncode: end - started,
          timeToCleanUp: 0,
          timeToRenderChunks: end - started,
          retriesInfo: [],
          mostExpensiveFrameRanges: undefined,
          estimatedBillingDurationInMilliseconds: end - started,
          deleteAfter: null,
          timeToCombine: 0,
          artifactProgress: [],
        },
      } satisfies Partial<Progress>);
      this.writeProgress(renderId, progress);
      this.renders.set(renderId, { status: 'done', composition: String(payload.composition) });
    } catch (err) {
      const frame = typeof (err as { frame?: unknown }).frame === 'number' ? ((err as { frame: number }).frame) : null;
      progress.errors = [...progress.errors, errorInfo(err as Error, frame)];
      progress.fatalErrorTimestamp = Date.now();
      this.writeProgress(renderId, progress);
      this.renders.set(renderId, { status: cancelled ? 'cancelled' : 'failed', composition: String(payload.composition) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async renderStill(payload: Record<string, unknown>, send: (bytes: Uint8Array) => void): Promise<void> {
    const renderer = await import('@remotion/renderer');
    const renderId = randomBytes(5).toString('hex');
    const bucketName = (payload.bucketName as string | null) ?? this.options.bucketName;
    send(makeStreamPayload<AwsProvider>({ message: { type: 'render-id-determined', payload: { renderId } } }));
    const started = Date.now();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fake-lambda-'));
    try {
      const inputProps = JSON.parse((payload.inputProps as { payload: string }).payload) as Record<string, unknown>;
      const slot = await acquireBrowser();
      const common = {
        serveUrl: this.siteDir(payload.serveUrl),
        inputProps,
        puppeteerInstance: slot.browser,
        browserExecutable: (await browserExecutable()) ?? null,
        chromeMode: 'headless-shell' as const,
        logLevel: 'error' as const,
      };
      const composition = await renderer.selectComposition({ ...common, id: String(payload.composition) });
      const format = payload.imageFormat as 'jpeg';
      const output = path.join(dir, `out.${format}`);
      await renderer.renderStill({ ...common, composition, output, frame: Number(payload.frame), imageFormat: format, jpegQuality: payload.jpegQuality as number, scale: Number(payload.scale ?? 1) });
      const image = await readFile(output);
      const outKey = `renders/${renderId}/out.${format}`;
      this.putObject(bucketName, outKey, image, 'image/jpeg');
      const cost = estimatePrice({ region: this.options.region as RenderMetadata<AwsProvider>['region'], durationInMilliseconds: Date.now() - started, memorySizeInMb: this.memoryMb(), diskSizeInMb: 2048, lambdasInvoked: 1 });
      send(
        makeStreamPayload<AwsProvider>({
          message: {
            type: 'still-rendered',
            payload: {
              type: 'success',
              output: `https://s3.${this.options.region}.amazonaws.com/${bucketName}/${outKey}`,
              outKey,
              size: image.length,
              sizeInBytes: image.length,
              bucketName,
              estimatedPrice: { accruedSoFar: cost, displayCost: `$${cost.toFixed(5)}`, currency: 'USD', disclaimer: 'Estimated cost only.' },
              renderId,
              receivedArtifacts: [],
            },
          },
        }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function errorInfo(err: Error, frame: number | null) {
  return {
    type: 'renderer' as const,
    message: err.message,
    name: err.name,
    stack: err.stack ?? '',
    frame,
    chunk: 0,
    isFatal: true,
    attempt: 1,
    willRetry: false,
    totalAttempts: 1,
    tmpDir: null,
  };
}
