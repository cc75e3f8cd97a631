/**
 * RENDER_BACKEND=lambda settings: what start-up refuses and how it says so,
 * and which thumbnail errors fail a video for good.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getEnv, resetEnvCache } from '@/server/env';
import { lambdaSettings, stillFailure } from '@/server/render/lambda-render';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

const VALID = {
  RENDER_BACKEND: 'lambda',
  REMOTION_LAMBDA_REGION: 'us-east-1',
  REMOTION_LAMBDA_FUNCTION_NAME: 'remotion-render-4-0-527-mem2048mb-disk2048mb-120sec',
  REMOTION_LAMBDA_SERVE_URL: 'https://remotionlambda-useast1-abc.s3.us-east-1.amazonaws.com/sites/clipwright/index.html',
  REMOTION_AWS_ACCESS_KEY_ID: undefined,
  REMOTION_AWS_SECRET_ACCESS_KEY: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  REMOTION_LAMBDA_FRAMES_PER_LAMBDA: undefined,
} as Record<string, string | undefined>;

function withEnv(vars: Record<string, string | undefined>) {
  process.env = { ...saved, ...vars } as NodeJS.ProcessEnv;
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  resetEnvCache();
  return () => getEnv();
}

describe('RENDER_BACKEND=lambda settings', () => {
  it('defaults to local renders and needs no Lambda setting for them', () => {
    expect(withEnv({ RENDER_BACKEND: undefined, REMOTION_LAMBDA_REGION: undefined })().RENDER_BACKEND).toBe('local');
  });

  it('reads a complete configuration', () => {
    withEnv({ ...VALID, REMOTION_LAMBDA_FRAMES_PER_LAMBDA: '40', REMOTION_LAMBDA_POLL_MS: '500' })();
    expect(lambdaSettings()).toEqual({
      region: 'us-east-1',
      functionName: VALID.REMOTION_LAMBDA_FUNCTION_NAME,
      serveUrl: VALID.REMOTION_LAMBDA_SERVE_URL,
      framesPerLambda: 40,
      bucketName: null,
      pollMs: 500,
    });
  });

  it.each(['REMOTION_LAMBDA_REGION', 'REMOTION_LAMBDA_FUNCTION_NAME', 'REMOTION_LAMBDA_SERVE_URL'])('requires %s', (name) => {
    const read = withEnv({ ...VALID, [name]: undefined });
    expect(read).toThrow(`${name}: is required when RENDER_BACKEND=lambda`);
  });

  it.each([
    ['RENDER_BACKEND', 'cloud', 'must be local or lambda'],
    ['REMOTION_LAMBDA_REGION', 'Frankfurt', 'must be an AWS region'],
    ['REMOTION_LAMBDA_FUNCTION_NAME', 'my-renderer', 'npx remotion lambda functions deploy'],
    ['REMOTION_LAMBDA_SERVE_URL', 'clipwright', 'npx remotion lambda sites create'],
    ['REMOTION_LAMBDA_FRAMES_PER_LAMBDA', '2', 'at least 4'],
  ])('names %s and the fix when it is invalid', (name, value, hint) => {
    const read = withEnv({ ...VALID, [name]: value });
    expect(read).toThrow(name);
    expect(read).toThrow(hint);
  });

  it('refuses half an access key pair', () => {
    expect(withEnv({ ...VALID, REMOTION_AWS_ACCESS_KEY_ID: 'AKIA1' })).toThrow(
      'REMOTION_AWS_ACCESS_KEY_ID and REMOTION_AWS_SECRET_ACCESS_KEY must be set together',
    );
    expect(withEnv({ ...VALID, AWS_SECRET_ACCESS_KEY: 'secret' })).toThrow('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together');
  });
});

describe('stillFailure', () => {
  it('fails a thumbnail the composition could not draw for good', () => {
    const failure = stillFailure(new Error('Error loading image with src: data:image/png;base64,iVBORw0K'));
    expect(failure?.code).toBe('template_error');
    expect(failure?.message).toBe('The template failed to render the thumbnail: Error loading image with src: data:image/png;base64,iVBORw0K');
  });

  it.each([
    Object.assign(new Error('AccessDeniedException'), { $metadata: { httpStatusCode: 403 } }),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    new Error('Lambda function remotion-render-x failed with an unhandled error: Runtime.ExitError'),
    new Error('The browser crashed while rendering the video.'),
    new Error('Failed to launch browser.'),
  ])('leaves %s to the retries', (err) => {
    expect(stillFailure(err)).toBeNull();
  });
});
