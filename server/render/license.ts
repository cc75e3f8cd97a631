/**
 * Remotion's license, as it applies to renders (README, "Remotion
 * license"). REMOTION_LICENSE_KEY holds a Company License key, or
 * "free-license" to declare eligibility for the free one.
 *
 * - `classic` (@remotion/renderer) reports a render only when a key is set,
 *   as Remotion's server-side rendering does: the key is passed to
 *   renderMedia / renderStill.
 * - `web` (@remotion/web-renderer) always reports. Each tab's renderer call
 *   would send its own event, and a video drawn as four frame ranges would
 *   count as four renders: the pages answer those calls themselves
 *   (remotion/web-engine.ts) and the server sends exactly one event per video
 *   or still here, like Remotion Lambda does for its chunks.
 *
 * An event carries what Remotion documents (the host, whether it was a
 * still, whether in production), never content of the video. It is sent in
 * the background, with @remotion/licensing's own retries: a render never
 * waits for it, and an offline machine renders the same.
 */
import { getEnv } from '../env';
import { errorFields, logger } from '../lib/logger';

/** The key as the renderers take it: null for none or for a declared free license. */
export function remotionLicenseKey(): string | null {
  const key = getEnv().REMOTION_LICENSE_KEY ?? null;
  return key === 'free-license' ? null : key;
}

let warned = false;

/** Reports one web-engine render (a whole video, or one still) to remotion.pro, in the background. */
export function reportWebRender(render: { isStill: boolean; succeeded: boolean }): void {
  const env = getEnv();
  if (!env.REMOTION_LICENSE_KEY && !warned) {
    warned = true;
    logger.info(
      'web renders are reported to remotion.pro without a license key: set REMOTION_LICENSE_KEY to your Company License key, or to "free-license" if you qualify for the free license',
    );
  }
  const host = env.APP_URL ? new URL(env.APP_URL).origin : null;
  import('@remotion/licensing')
    .then(({ registerUsageEvent }) =>
      registerUsageEvent({
        licenseKey: remotionLicenseKey(),
        event: 'web-render',
        host,
        succeeded: render.succeeded,
        isStill: render.isStill,
        isProduction: env.NODE_ENV === 'production',
      }),
    )
    .catch((err) => logger.debug('could not report a render to remotion.pro', errorFields(err)));
}
