/**
 * Lists one composition per template. Every composition renders the same
 * TemplateVideo; calculateMetadata validates the props and derives size and
 * length from them, so the worker only ever passes inputProps.
 */
import type React from 'react';
import { type CalculateMetadataFunction, Composition } from 'remotion';
import { metadataFor } from './metadata';
import { type CompositionProps, compositionPropsSchema, DEFAULT_BRAND, dimensionsFor, FPS } from './props';
import { exampleScript } from './script';
import { templates } from './templates/registry';
import { TemplateVideo } from './TemplateVideo';

const calculateMetadata: CalculateMetadataFunction<CompositionProps> = ({ props, compositionId }) => {
  const { width, height, fps, durationInFrames, props: parsed } = metadataFor(props, compositionId);
  return { width, height, fps, durationInFrames, props: parsed, defaultOutName: `${compositionId}.mp4` };
};

/** One <Composition> per template, with the short example script as default props. */
export const Root: React.FC = () => (
  <>
    {templates.map((template) => {
      const defaultProps: CompositionProps = {
        template_id: template.id,
        customer_data: template.exampleData,
        script: exampleScript(template.id, template.exampleData, 'short'),
        aspect_ratio: '9:16',
        resolution: 'standard',
        brand: DEFAULT_BRAND,
      };
      const { width, height } = dimensionsFor('9:16', 'standard');
      return (
        <Composition
          key={template.id}
          id={template.compositionId}
          component={TemplateVideo}
          schema={compositionPropsSchema}
          defaultProps={defaultProps}
          calculateMetadata={calculateMetadata}
          width={width}
          height={height}
          fps={FPS}
          durationInFrames={metadataFor(defaultProps).durationInFrames}
        />
      );
    })}
  </>
);
