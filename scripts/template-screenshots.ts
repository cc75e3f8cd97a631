/**
 * npm run docs:templates
 *
 * Renders one representative frame of every template at every aspect ratio
 * into docs/templates/<template>-<ratio>.jpg (half size, JPEG quality 80)
 * and writes docs/templates/README.md with a table of them, so a reader can
 * see the templates without running anything.
 *
 * The data is the seed's Sarah request (seeds/000) with a brand colour and a
 * logo; the script is what the built-in writer gives for it. The frame is
 * the first scene once its entrance has settled: title, text, visual and
 * logo all on screen.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openBrowser, renderStill, selectComposition } from '@remotion/renderer';
import { ASPECT_RATIOS, type AspectRatio, type CompositionProps, dimensionsFor } from '../remotion/props';
import { templates } from '../remotion/templates/registry';
import { planTimeline } from '../remotion/timeline';
import { writeBuiltinScript } from '../server/messaging/service';
import { browserExecutable } from '../server/render/browser';
import { ensureRemotionBundle } from '../server/render/bundle';

const OUT_DIR = path.resolve('docs', 'templates');
const SCALE = 0.5;
const JPEG_QUALITY = 80;
const BRAND_COLOR = '#E4572E';
// A plain mark (no text: an SVG inside <img> cannot use the bundled fonts).
const LOGO = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="132" height="40" viewBox="0 0 132 40">' +
    '<rect width="40" height="40" rx="10" fill="#1F2937"/><path d="M11 30 20 10 29 30h-5l-4-9-4 9z" fill="#fff"/>' +
    '<rect x="50" y="9" width="74" height="9" rx="4.5" fill="#1F2937"/><rect x="50" y="24" width="48" height="7" rx="3.5" fill="#9CA3AF"/>' +
    '</svg>',
).toString('base64')}`;

// seeds/000, "Example Request".
const customerData = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
  brand_color: BRAND_COLOR,
};
const aiMessaging = { tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] };

const ratioName = (aspect: AspectRatio) => aspect.replace(':', 'x');
const fileName = (compositionId: string, aspect: AspectRatio) => `${compositionId}-${ratioName(aspect)}.jpg`;

async function main() {
  const { serveUrl, version } = await ensureRemotionBundle();
  const executable = (await browserExecutable()) ?? null;
  const browser = await openBrowser('chrome', { browserExecutable: executable, chromeMode: 'headless-shell', logLevel: 'error' });
  mkdirSync(OUT_DIR, { recursive: true });
  // Files of templates or ratios that no longer exist must not linger.
  for (const name of readdirSync(OUT_DIR)) if (name.endsWith('.jpg')) rmSync(path.join(OUT_DIR, name));
  const rows: string[] = [];
  try {
    for (const template of templates) {
      const script = writeBuiltinScript({ templateId: template.id, customerData, aiMessaging });
      const timeline = planTimeline(script, template.timing);
      const scene = timeline.segments.find((s) => s.kind === 'scene') ?? timeline.segments[0]!;
      const frame = scene.from + Math.min(45, scene.durationInFrames - 1);
      const cells: string[] = [];
      for (const aspect of ASPECT_RATIOS) {
        const inputProps: CompositionProps = {
          template_id: template.id,
          customer_data: customerData,
          script,
          aspect_ratio: aspect,
          resolution: 'standard',
          brand: { color: BRAND_COLOR, logo: LOGO },
        };
        const common = { serveUrl, inputProps, puppeteerInstance: browser, browserExecutable: executable, logLevel: 'error' as const };
        const composition = await selectComposition({ ...common, id: template.compositionId });
        const output = path.join(OUT_DIR, fileName(template.compositionId, aspect));
        await renderStill({ ...common, composition, frame, output, imageFormat: 'jpeg', jpegQuality: JPEG_QUALITY, scale: SCALE });
        const { width, height } = dimensionsFor(aspect, 'standard');
        console.log(`${path.relative(process.cwd(), output)}  frame ${frame}  ${width * SCALE}×${height * SCALE}`);
        cells.push(`<img src="${fileName(template.compositionId, aspect)}" alt="${template.name} at ${aspect}" width="${aspect === '9:16' ? 180 : 240}">`);
      }
      rows.push(`| **${template.name}**<br>\`${template.id}\`<br>${template.description} | ${cells.join(' | ')} |`);
    }
  } finally {
    await browser.close({ silent: true });
  }

  const readme = `# Templates

One frame of every template at every aspect ratio: the first scene once its
entrance has settled. Rendered from the seed's example request (Sarah Johnson,
Acme Inc., Enterprise; tone professional, length medium, focus on product
benefits and next steps) with the built-in script writer, brand colour
\`${BRAND_COLOR}\` and a placeholder logo, at half size (9:16 → 360×640, 16:9 →
640×360, 1:1 → 360×360; videos are 720×1280, 1280×720 and 720×720, or the
1080-class sizes with \`resolution: "hd"\`). The seed's data has no
\`renewal_date\`, so the renewal calendar shows its fallback, "Soon".

Regenerate with \`npm run docs:templates\` (template version \`${version}\`).

| template | 9:16 | 16:9 | 1:1 |
|---|---|---|---|
${rows.join('\n')}
`;
  writeFileSync(path.join(OUT_DIR, 'README.md'), readme);
  console.log(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'README.md'))}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
