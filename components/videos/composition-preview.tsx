'use client';
/**
 * The template compositions in the browser, through @remotion/player: the
 * same `TemplateVideo` component and the same props the render worker passes
 * (template, customer_data, script, aspect ratio, resolution, brand), with
 * size and length from the same helpers, so what plays here is what renders.
 * Loaded with next/dynamic (ssr: false) by its users: Remotion needs a DOM.
 */
import { Player, Thumbnail } from '@remotion/player';
import { useMemo } from 'react';
import { dimensionsFor, FPS, type AspectRatio, type CompositionProps, type Resolution } from '@/remotion/props';
import type { Script } from '@/remotion/script';
import { durationInFramesFor } from '@/remotion/templates/registry';
import { TemplateVideo } from '@/remotion/TemplateVideo';
import { cn } from '@/lib/utils';
import { brandFromCustomerData } from './brand';
import { RESTING_FRAME } from './preview-frame';

export interface PreviewInput {
  templateId: string;
  customerData: Record<string, unknown>;
  script: Script;
  aspectRatio: AspectRatio;
  resolution: Resolution;
  /** Draw the captions into the picture, as a render with `captions: "burned"` does. */
  burnedCaptions?: boolean;
}

function useComposition(input: PreviewInput) {
  const { templateId, customerData, script, aspectRatio, resolution, burnedCaptions } = input;
  return useMemo(() => {
    const inputProps: CompositionProps = {
      template_id: templateId,
      customer_data: customerData,
      script,
      aspect_ratio: aspectRatio,
      resolution,
      brand: brandFromCustomerData(customerData),
      ...(burnedCaptions ? { burned_captions: true } : {}),
    };
    const { width, height } = dimensionsFor(aspectRatio, resolution);
    return { inputProps, width, height, durationInFrames: durationInFramesFor(templateId, script) };
  }, [templateId, customerData, script, aspectRatio, resolution, burnedCaptions]);
}

/** Portrait players get a narrower box so a 9:16 preview does not push the page a screen down. */
export const PREVIEW_MAX_WIDTH: Record<AspectRatio, string> = {
  '9:16': 'max-w-[300px]',
  '1:1': 'max-w-[440px]',
  '16:9': 'max-w-none',
};

function PreviewError({ error }: { error: Error }) {
  return (
    <div className="flex h-full items-center justify-center bg-slate-900 p-6 text-center text-sm text-slate-300">
      The preview could not be drawn: {error.message}
    </div>
  );
}

export function CompositionPreview({
  className,
  autoPlay = false,
  ...input
}: PreviewInput & { className?: string; autoPlay?: boolean }) {
  const { inputProps, width, height, durationInFrames } = useComposition(input);
  return (
    <div data-testid="preview-player" className={cn('mx-auto w-full overflow-hidden rounded-xl bg-slate-900 shadow-lg ring-1 ring-slate-900/10', PREVIEW_MAX_WIDTH[input.aspectRatio], className)}>
      <Player
        component={TemplateVideo}
        inputProps={inputProps}
        durationInFrames={durationInFrames}
        compositionWidth={width}
        compositionHeight={height}
        fps={FPS}
        controls
        loop
        autoPlay={autoPlay}
        initialFrame={Math.min(RESTING_FRAME, durationInFrames - 1)}
        clickToPlay
        doubleClickToFullscreen
        allowFullscreen
        showVolumeControls={false}
        // With it on, the Player focuses its play button whenever it mounts or plays: a change of format in the
        // form remounts it, and keyboard focus jumped from the aspect-ratio radios to the player.
        spaceKeyToPlayOrPause={false}
        errorFallback={PreviewError}
        style={{ width: '100%', aspectRatio: `${width} / ${height}` }}
      />
    </div>
  );
}

/** One still frame of a composition (template gallery cards). */
export function CompositionThumbnail({ frame, className, ...input }: PreviewInput & { frame: number; className?: string }) {
  const { inputProps, width, height, durationInFrames } = useComposition(input);
  return (
    <Thumbnail
      component={TemplateVideo}
      inputProps={inputProps}
      durationInFrames={durationInFrames}
      compositionWidth={width}
      compositionHeight={height}
      fps={FPS}
      frameToDisplay={Math.min(frame, durationInFrames - 1)}
      errorFallback={PreviewError}
      className={className}
      style={{ width: '100%', aspectRatio: `${width} / ${height}` }}
    />
  );
}
