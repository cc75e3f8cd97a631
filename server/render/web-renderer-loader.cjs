/**
 * A webpack loader, applied by bundle.ts to @remotion/web-renderer's ESM
 * build only, that takes out DOM writes the library makes for every frame
 * and that our pages do not need, and makes it draw one CSS property it
 * ignored. The library walks the composition's DOM
 * each frame and reads styles and boxes; every write before a read costs a
 * fresh style and layout pass, and those passes were a third of the
 * renderer's time. The patches:
 *
 * 1. `findWords` (text is drawn word by word) rewrote the text node into
 *    three nodes around a <span> per word and per space to read the span's
 *    box, then restored it: a layout per word. It now reads each word's box
 *    from a Range over the unchanged text node: one layout per text node.
 *    Same tokens, same boxes (a word's Range box and an inline span's box
 *    both span the font's ascent and descent).
 * 2. `drawText` replaced the text node with a copy of itself (set
 *    `textContent`) before measuring and again after, even when
 *    `text-transform` leaves the text as it is. Now only when it changes it.
 * 3. `calculateTransforms` set `transition: none` inline on the element and
 *    every ancestor, for every element drawn, and restored it afterwards, so
 *    a CSS transition could not animate the transforms it resets. The render
 *    page disables transitions once for the whole document instead
 *    (remotion/web-engine.ts), which makes those writes redundant.
 *
 * 4. `calculateTransforms` set `mask-image: none` inline on every element it
 *    drew and restored it afterwards, a style write (and a fresh style pass
 *    at the next read) per element per frame. Now only on an element that
 *    has a mask image, the only one whose drawing it changes.
 * 5. Canvases and images styled `image-rendering: pixelated` (or
 *    `crisp-edges`, `-webkit-optimize-contrast`) were drawn smoothed; Chromium scales them up by nearest
 *    neighbour, and now so does the web engine (when scaling up, as the CSS
 *    spec words it). The backdrop relies on it (remotion/components/Backdrop.tsx).
 * 6. An SVG (an icon) is drawn through an <img>; each time its markup
 *    changes (a stroke drawing on) the library made a Blob and a Blob URL,
 *    two synchronous round trips to the browser process that held the tab's
 *    main thread ~4 ms each. An SVG without embedded fonts now loads from a
 *    data: URL, which the tab decodes on its own.
 *
 * `npm run bench:render` (2 cores, interleaved with the unpatched library,
 * docs/benchmarks.md): a 720×1280 render's renderer CPU 11.9 → 10.0 s, wall
 * 8.9 → 7.8 s. Pixels: boxes within half a pixel of the span's
 * (tests/integration/render/web-renderer-patch.test.ts); stills differ from
 * the unpatched library's by glyph anti-aliasing at most.
 *
 * Each original is matched exactly, once: an upgrade of the library that
 * changes one fails the bundle here instead of silently drawing without the
 * patch. Check the new version and update the patches
 * (tests/unit/render/web-renderer-loader.test.ts checks that the installed
 * version still matches).
 */
'use strict';

const FIND_WORDS_ORIGINAL = `var findWords = (span) => {
  const originalText = span.textContent;
  const segments = Array.from(wordSegmenter.segment(originalText));
  const tokens = [];
  for (const { index, segment } of segments) {
    const wordsBeforeText = originalText.slice(0, index);
    const wordsAfterText = originalText.slice(index + segment.length);
    const beforeNode = document.createTextNode(wordsBeforeText);
    const afterNode = document.createTextNode(wordsAfterText);
    const interstitialNode = document.createElement("span");
    interstitialNode.textContent = segment;
    span.textContent = "";
    span.appendChild(beforeNode);
    span.appendChild(interstitialNode);
    span.appendChild(afterNode);
    const rect = interstitialNode.getBoundingClientRect();
    span.textContent = originalText;
    tokens.push({ text: segment, rect });
  }
  return tokens;
};`;

// The span drawText passes holds exactly one text node (the wrapped node, or the transformed copy).
const FIND_WORDS_REPLACEMENT = `var findWords = (span) => {
  const originalText = span.textContent;
  if (originalText === "") return [];
  const textNode = span.firstChild;
  if (!textNode || textNode.nodeType !== Node.TEXT_NODE || span.childNodes.length !== 1) {
    throw new Error("findWords: expected a span holding one text node");
  }
  const range = document.createRange();
  const tokens = [];
  for (const { index, segment } of wordSegmenter.segment(originalText)) {
    range.setStart(textNode, index);
    range.setEnd(textNode, index + segment.length);
    tokens.push({ text: segment, rect: range.getBoundingClientRect() });
  }
  return tokens;
};`;

/** [what, original, replacement]: each original must occur exactly once. */
const PATCHES = [
  ['findWords: Range boxes instead of a span per word', FIND_WORDS_ORIGINAL, FIND_WORDS_REPLACEMENT],
  [
    'drawText: replace the text only when text-transform changes it',
    `    const transformedText = applyTextTransform(originalText, textTransform);
    span.textContent = transformedText;
    const tokens = findWords(span);`,
    `    const transformedText = applyTextTransform(originalText, textTransform);
    const textTransformed = transformedText !== originalText;
    if (textTransformed) span.textContent = transformedText;
    const tokens = findWords(span);`,
  ],
  [
    'drawText: restore the text only when it was replaced',
    `    span.textContent = originalText;
    finishFilter();
    contextToDraw.restore();`,
    `    if (textTransformed) span.textContent = originalText;
    finishFilter();
    contextToDraw.restore();`,
  ],
  [
    'calculateTransforms: no inline transition: none (the page disables transitions)',
    `    const originalTransition = parent.style.transition;
    parent.style.transition = "none";
`,
    '',
  ],
  [
    'calculateTransforms: no transition to restore after a transform reset',
    `      toReset.push(() => {
        cleanup();
        parentRef.style.transition = originalTransition;
      });
    } else {
      const parentRef = parent;
      toReset.push(() => {
        parentRef.style.transition = originalTransition;
      });
    }`,
    `      toReset.push(() => {
        cleanup();
      });
    }`,
  ],
  [
    'calculateTransforms: clear the mask inline only on an element that has one',
    `      parent.style.maskImage = "none";
      parent.style.webkitMaskImage = "none";
`,
    `      const hasMaskImage = maskImageInfo !== null;
      if (hasMaskImage) {
        parent.style.maskImage = "none";
        parent.style.webkitMaskImage = "none";
      }
`,
  ],
  [
    'calculateTransforms: restore the mask only where it was cleared',
    `        parentRef.style.maskImage = originalMaskImage;
        parentRef.style.webkitMaskImage = originalWebkitMaskImage;
`,
    `        if (hasMaskImage) {
          parentRef.style.maskImage = originalMaskImage;
          parentRef.style.webkitMaskImage = originalWebkitMaskImage;
        }
`,
  ],
  [
    'drawReplacedElement: image-rendering: pixelated / crisp-edges scale up by nearest neighbour',
    `  contextToDraw.drawImage(drawable, result.sourceX, result.sourceY, result.sourceWidth, result.sourceHeight, result.destX, result.destY, result.destWidth, result.destHeight);
};
var drawDomElement = (node) => {`,
    `  const { a: scaleX, d: scaleY } = contextToDraw.getTransform();
  const nearest = (computedStyle.imageRendering === "pixelated" || computedStyle.imageRendering === "crisp-edges" || computedStyle.imageRendering === "-webkit-optimize-contrast") &&
    result.destWidth * Math.abs(scaleX) >= result.sourceWidth && result.destHeight * Math.abs(scaleY) >= result.sourceHeight;
  const smoothing = contextToDraw.imageSmoothingEnabled;
  if (nearest) contextToDraw.imageSmoothingEnabled = false;
  contextToDraw.drawImage(drawable, result.sourceX, result.sourceY, result.sourceWidth, result.sourceHeight, result.destX, result.destY, result.destWidth, result.destHeight);
  if (nearest) contextToDraw.imageSmoothingEnabled = smoothing;
};
var drawDomElement = (node) => {`,
  ],
  [
    'turnSvgIntoDrawable: a data: URL instead of a Blob URL for an SVG without embedded fonts',
    `    const url = URL.createObjectURL(new Blob(blobParts, { type: "image/svg+xml;charset=utf-8" }));
    image.onload = function() {
      URL.revokeObjectURL(url);
      resolve(image);
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error("Failed to convert SVG to image"));
    };`,
    `    const blobUrl = embeddedFontStyle !== null;
    const url = blobUrl ? URL.createObjectURL(new Blob(blobParts, { type: "image/svg+xml;charset=utf-8" })) : "data:image/svg+xml;charset=utf-8," + encodeURIComponent(serializedSvg);
    image.onload = function() {
      if (blobUrl) URL.revokeObjectURL(url);
      resolve(image);
    };
    image.onerror = () => {
      if (blobUrl) URL.revokeObjectURL(url);
      reject(new Error("Failed to convert SVG to image"));
    };`,
  ],
];

/** The library's source with every patch applied; throws unless each original occurs exactly once. */
function patchWebRenderer(source) {
  let out = source.replace(/\r\n/g, '\n');
  for (const [what, original, replacement] of PATCHES) {
    const first = out.indexOf(original);
    if (first === -1 || out.indexOf(original, first + 1) !== -1) {
      throw new Error(
        `@remotion/web-renderer changed: the patch "${what}" in server/render/web-renderer-loader.cjs no longer matches its source. ` +
          'Check the new version and update the loader.',
      );
    }
    out = out.slice(0, first) + replacement + out.slice(first + original.length);
  }
  return out;
}

module.exports = function webRendererLoader(source) {
  return patchWebRenderer(source);
};
module.exports.patchWebRenderer = patchWebRenderer;
module.exports.PATCHES = PATCHES;
