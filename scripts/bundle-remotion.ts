/**
 * npm run bundle:remotion [-- --force]
 *
 * Bundles the compositions under remotion/ into RENDER_BUNDLE_DIR (default
 * build/remotion-bundle) and stamps it with the template version, so the
 * render worker starts without bundling. Skips the work when the bundle is
 * already current, unless --force.
 *
 * For the render bench only: `--out <dir> --unpatched-web-renderer` bundles
 * into another folder with @remotion/web-renderer as published (see
 * server/render/web-renderer-loader.cjs).
 */
import path from 'node:path';
import { buildRemotionBundle, bundleDir, readBundleVersion, templateVersion } from '../server/render/bundle';

async function main() {
  const out = process.argv.indexOf('--out');
  const unpatched = process.argv.includes('--unpatched-web-renderer');
  const force = process.argv.includes('--force') || out !== -1;
  const dir = out !== -1 && process.argv[out + 1] ? path.resolve(process.argv[out + 1]!) : bundleDir();
  const wanted = templateVersion();
  if (!force && wanted && readBundleVersion(dir) === wanted) {
    console.log(`Remotion bundle ${wanted} is current: ${dir}`);
    return;
  }
  let lastTenth = -1;
  const result = await buildRemotionBundle({
    outDir: dir,
    patchWebRenderer: !unpatched,
    onProgress: (percent) => {
      const tenth = Math.floor(percent / 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        process.stdout.write(`\rBundling… ${percent}%`);
      }
    },
  });
  process.stdout.write('\n');
  console.log(`Bundled template version ${result.version} in ${(result.durationMs / 1000).toFixed(1)} s: ${result.serveUrl}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
