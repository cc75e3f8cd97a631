/**
 * npm run docs:templates
 *
 * Writes docs/templates/:
 * - <template>-<ratio>.jpg: one representative frame of every template at
 *   every aspect ratio (the first scene once its entrance has settled), at
 *   half size, drawn by the default engine (`web`);
 * - <template>-<ratio>-engines.jpg: the moments the fidelity test compares
 *   (server/render/fidelity.ts), drawn by `web` (top row) and `classic`
 *   (bottom row), at a quarter of the video's size;
 * - README.md: both, with the SSIM of every pair.
 *
 * The data is the seed's Sarah request (seeds/000) with a brand colour and a
 * logo; the script is what the built-in writer gives for it.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ASPECT_RATIOS, type AspectRatio, type CompositionProps } from '../remotion/props';
import { templates } from '../remotion/templates/registry';
import { planTimeline } from '../remotion/timeline';
import { writeBuiltinScript } from '../server/messaging/service';
import { ensureRemotionBundle } from '../server/render/bundle';
import { compareEngines, contactSheet, decodeImage, type Image, writeImage } from '../server/render/fidelity';
import { closeSharedBrowser, renderStillFile } from '../server/render/renderer';

const OUT_DIR = path.resolve('docs', 'templates');
const SCALE = 0.5;
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

/** A still as RGB at half its size (2×2 average), for the contact sheet. */
async function halfRgb(file: string): Promise<Image> {
  const rgb = await decodeImage(file, 'rgb');
  const { width, height } = rgb;
  const w = Math.floor(width / 2);
  const h = Math.floor(height / 2);
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        const at = (yy: number, xx: number) => rgb.data[(yy * width + xx) * 3 + c]!;
        data[(y * w + x) * 3 + c] = Math.round((at(2 * y, 2 * x) + at(2 * y, 2 * x + 1) + at(2 * y + 1, 2 * x) + at(2 * y + 1, 2 * x + 1)) / 4);
      }
  return { width: w, height: h, channels: 3, data };
}

async function main() {
  const { version } = await ensureRemotionBundle();
  mkdirSync(OUT_DIR, { recursive: true });
  // Files of templates or ratios that no longer exist must not linger.
  for (const name of readdirSync(OUT_DIR)) if (name.endsWith('.jpg')) rmSync(path.join(OUT_DIR, name));
  const gallery: string[] = [];
  const pairs: string[] = [];
  try {
    for (const template of templates) {
      const script = writeBuiltinScript({ templateId: template.id, customerData, aiMessaging });
      const timeline = planTimeline(script, template.timing);
      const scene = timeline.segments.find((s) => s.kind === 'scene') ?? timeline.segments[0]!;
      const frame = scene.from + Math.min(45, scene.durationInFrames - 1);
      const cells: string[] = [];
      for (const aspect of ASPECT_RATIOS) {
        const props: CompositionProps = {
          template_id: template.id,
          customer_data: customerData,
          script,
          aspect_ratio: aspect,
          resolution: 'standard',
          brand: { color: BRAND_COLOR, logo: LOGO },
        };
        const name = `${template.compositionId}-${ratioName(aspect)}`;
        const still = await renderStillFile({ props, frame, scale: SCALE, jpegQuality: 80 });
        try {
          const image = await decodeImage(still.path, 'rgb');
          await writeImage(image, path.join(OUT_DIR, `${name}.jpg`));
        } finally {
          await still.cleanup();
        }
        cells.push(`<img src="${name}.jpg" alt="${template.name} at ${aspect}" width="${aspect === '9:16' ? 180 : 240}">`);

        const compared = await compareEngines({ props, scale: SCALE });
        try {
          const web = await Promise.all(compared.pairs.map((p) => halfRgb(p.web)));
          const classic = await Promise.all(compared.pairs.map((p) => halfRgb(p.classic)));
          await writeImage(contactSheet([web, classic]), path.join(OUT_DIR, `${name}-engines.jpg`));
          const scores = compared.pairs
            .map((p) => `${p.frame}: ${p.ssim.mean.toFixed(3)} / ${p.ssim.worstBlock.toFixed(2)} / ${p.ssim.worstShift.toFixed(1)}`)
            .join('<br>');
          pairs.push(
            `| ${template.name} ${aspect} | <img src="${name}-engines.jpg" alt="${template.name} at ${aspect}, web above classic" width="${aspect === '9:16' ? 450 : 600}"> | ${scores} |`,
          );
          console.log(`${name}: ${compared.pairs.map((p) => `${p.frame} ${p.ssim.mean.toFixed(3)}/${p.ssim.worstBlock.toFixed(2)}/${p.ssim.worstShift.toFixed(1)}`).join(', ')}`);
        } finally {
          await compared.cleanup();
        }
      }
      gallery.push(`| **${template.name}**<br>\`${template.id}\`<br>${template.description} | ${cells.join(' | ')} |`);
    }
  } finally {
    await closeSharedBrowser();
  }

  const readme = `# Templates

One frame of every template at every aspect ratio: the first scene once its
entrance has settled. Rendered from the seed's example request (Sarah Johnson,
Acme Inc., Enterprise; tone professional, length medium, focus on product
benefits and next steps) with the built-in script writer, brand colour
\`${BRAND_COLOR}\` and a placeholder logo, at half size (9:16 → 360×640, 16:9 →
640×360, 1:1 → 360×360; videos are 720×1280, 1280×720 and 720×720, or the
1080-class sizes with \`resolution: "hd"\`), by the default \`web\` engine.
The seed's data has no \`renewal_date\`, so the renewal calendar shows its
fallback, "Soon".

Regenerate with \`npm run docs:templates\` (template version \`${version}\`).

| template | 9:16 | 16:9 | 1:1 |
|---|---|---|---|
${gallery.join('\n')}

## Both engines, side by side

The moments the fidelity test compares (tests/integration/render/fidelity.test.ts):
the headline settled, the first scene entering and settled, the crossfade into
the second scene, the end card. **Top row: \`web\`** (the canvas engine), **bottom
row: \`classic\`** (a screenshot per frame), each drawn at half size and shown at
a quarter. Scores: frame, then, on luma after a 2×2 average, the mean SSIM /
the SSIM of the worst block (an eighth of the short side) / the largest
difference of mean brightness over blocks of a quarter of the short side, in
grey levels; the test asks ≥ 0.97 / ≥ 0.70 / ≤ 6.

| template | web (top) and classic (bottom) | frame: SSIM mean / worst block / shift |
|---|---|---|
${pairs.join('\n')}
`;
  writeFileSync(path.join(OUT_DIR, 'README.md'), readme);
  console.log(`wrote ${path.relative(process.cwd(), path.join(OUT_DIR, 'README.md'))}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
