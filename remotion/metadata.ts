/**
 * Size and length of a video from its props, with every check that can fail
 * before a single frame renders: unknown template, template/composition
 * mismatch, customer_data the template cannot use, an invalid script.
 * Pure (no React, no Node), so the worker and the UI can call it too.
 */
import { type CompositionProps, compositionPropsSchema, dimensionsFor, FPS } from './props';
import { getTemplate, validateCustomerData } from './templates/registry';
import { planTimeline } from './timeline';

/** Props that can never render (retrying cannot help); `issues` name the fields. */
export class InvalidVideoPropsError extends Error {
  readonly code = 'invalid_props';
  constructor(
    message: string,
    readonly issues: Array<{ field: string; message: string }>,
  ) {
    super(message);
    this.name = 'InvalidVideoPropsError';
  }
}

export type VideoMetadata = { width: number; height: number; fps: number; durationInFrames: number };

/**
 * Validates props and derives the output size (from aspect ratio and
 * resolution) and duration (from the script). Throws InvalidVideoPropsError.
 */
export function metadataFor(rawProps: unknown, compositionId?: string): VideoMetadata & { props: CompositionProps } {
  const parsed = compositionPropsSchema.safeParse(rawProps);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
    throw new InvalidVideoPropsError(`Invalid video props: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
  }
  const props = parsed.data;
  const template = getTemplate(props.template_id);
  if (!template) {
    throw new InvalidVideoPropsError(`Unknown template "${props.template_id}"`, [
      { field: 'template_id', message: 'unknown template' },
    ]);
  }
  if (compositionId && template.compositionId !== compositionId) {
    throw new InvalidVideoPropsError(
      `Template ${props.template_id} renders as composition "${template.compositionId}", not "${compositionId}"`,
      [{ field: 'template_id', message: `does not match composition ${compositionId}` }],
    );
  }
  if (!template.aspectRatios.includes(props.aspect_ratio)) {
    throw new InvalidVideoPropsError(`Template ${template.id} does not support ${props.aspect_ratio}`, [
      { field: 'aspect_ratio', message: 'not supported by this template' },
    ]);
  }
  const data = validateCustomerData(props.template_id, props.customer_data);
  if (!data.ok) {
    throw new InvalidVideoPropsError(
      `customer_data does not fit ${props.template_id}: ${data.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
      data.issues,
    );
  }
  const { width, height } = dimensionsFor(props.aspect_ratio, props.resolution);
  const { durationInFrames } = planTimeline(props.script, template.timing);
  return { width, height, fps: FPS, durationInFrames, props };
}
