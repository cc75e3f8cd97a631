/**
 * The skeleton every template shares: theme and stage, the animated
 * backdrop, the intro, one sequence per script scene, the end card, the logo
 * and the progress line. A template only supplies what is drawn in each
 * segment.
 *
 * Sequences overlap by TRANSITION_FRAMES so a scene's exit and the next
 * scene's entrance play together.
 */
import type React from 'react';
import { createContext, useContext, useLayoutEffect, useMemo } from 'react';
import { AbsoluteFill, Sequence, useDelayRender } from 'remotion';
import { BODY_FONT, DISPLAY_FONT, loadFontsFor } from '../fonts';
import type { CompositionProps } from '../props';
import type { Script, ScriptScene } from '../script';
import { makeTheme } from '../theme';
import { planTimeline, TRANSITION_FRAMES, type TemplateTiming } from '../timeline';
import { captionCuesOn } from '../captions';
import { Backdrop } from './Backdrop';
import { CaptionBand } from './CaptionBand';
import { Chrome } from './Chrome';
import { EndCard } from './EndCard';
import { SceneFrame } from './SceneFrame';
import { StageProvider } from './stage';

/**
 * The script the timeline is planned from, when the one being shown was
 * altered for display (emoji removed): segment lengths must match what
 * calculateMetadata derived from the original.
 */
export const TimelineScriptContext = createContext<Script | null>(null);

/**
 * Holds the first frame until every font face the video's own text needs is
 * loaded, so labels that are not measured (names on chips, numbers) never
 * appear in a fallback font.
 */
function useFontsReady(text: string) {
  const { delayRender, continueRender } = useDelayRender();
  useLayoutEffect(() => {
    const handle = delayRender('Loading fonts for the script');
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      continueRender(handle);
    };
    Promise.all([
      ...[500, 700].map((weight) => loadFontsFor({ family: DISPLAY_FONT, weight }, text)),
      ...[400, 500, 600, 700].map((weight) => loadFontsFor({ family: BODY_FONT, weight }, text)),
    ]).finally(release);
    return release;
  }, [text, delayRender, continueRender]);
}

export const TemplateFrame: React.FC<{
  props: CompositionProps;
  timing: TemplateTiming;
  /** Every string the template draws besides the script (names, labels), for font preloading. */
  extraText: string;
  intro: React.ReactNode;
  renderScene: (scene: ScriptScene, index: number) => React.ReactNode;
  endTitle: string;
}> = ({ props, timing, extraText, intro, renderScene, endTitle }) => {
  const theme = useMemo(() => makeTheme(props.brand.color), [props.brand.color]);
  const timingScript = useContext(TimelineScriptContext) ?? props.script;
  const timeline = useMemo(() => planTimeline(timingScript, timing), [timingScript, timing]);
  const allText = useMemo(
    () =>
      [
        props.script.headline,
        ...props.script.scenes.flatMap((s) => [s.title ?? '', s.text]),
        props.script.cta?.label ?? '',
        endTitle,
        extraText,
        '0123456789',
      ].join(' '),
    [props.script, endTitle, extraText],
  );
  useFontsReady(allText);
  const captions = props.burned_captions === true;
  // Words of the script shown, times of the timeline planned (see TimelineScriptContext).
  const cues = useMemo(() => (captions ? captionCuesOn(props.script, timeline) : []), [captions, props.script, timeline]);
  const outro = timeline.segments[timeline.segments.length - 1];
  return (
    <StageProvider theme={theme} logo={props.brand.logo} captions={captions}>
      <AbsoluteFill style={{ backgroundColor: theme.background }}>
        <Backdrop />
        {timeline.segments.map((segment, i) => {
          const last = i === timeline.segments.length - 1;
          const scene = segment.kind === 'scene' ? props.script.scenes[segment.index] : undefined;
          return (
            <Sequence
              key={`${segment.kind}-${i}`}
              name={segment.kind === 'scene' ? `${segment.kind} ${segment.index + 1}: ${scene?.kind}` : segment.kind}
              from={segment.from}
              durationInFrames={segment.durationInFrames + (last ? 0 : TRANSITION_FRAMES)}
              premountFor={15}
            >
              <SceneFrame durationInFrames={last ? Number.POSITIVE_INFINITY : segment.durationInFrames} index={i}>
                {segment.kind === 'intro'
                  ? intro
                  : segment.kind === 'outro'
                    ? <EndCard title={endTitle} cta={props.script.cta} />
                    : scene
                      ? renderScene(scene, segment.index)
                      : null}
              </SceneFrame>
            </Sequence>
          );
        })}
        <Chrome hideLogoFrom={props.brand.logo && outro ? outro.from : Number.POSITIVE_INFINITY} />
        {captions ? <CaptionBand cues={cues} /> : null}
      </AbsoluteFill>
    </StageProvider>
  );
};
