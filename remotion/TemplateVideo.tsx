/**
 * The one component behind every composition: picks the template's React
 * component from `template_id`. Also what the web UI hands to
 * `@remotion/player`, with `metadataFor(props)` for its size and duration.
 *
 * When the browser cannot draw emoji, every string is shown without them
 * (see emoji.ts); the timeline is still planned from the script as given, so
 * the video keeps exactly the length `calculateMetadata` announced.
 */
import type React from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AbsoluteFill, useDelayRender } from 'remotion';
import { TimelineScriptContext } from './components/TemplateFrame';
import { stripEmojiDeep } from './emoji';
import { emojiSupport, emojiSupportKnown } from './fonts';
import type { CompositionProps } from './props';
import { ProductDemo } from './templates/product-demo/ProductDemo';
import { RenewalReminder } from './templates/renewal-reminder/RenewalReminder';
import type { TemplateId } from './templates/registry';
import { UsageRecap } from './templates/usage-recap/UsageRecap';
import { WelcomeMessage } from './templates/welcome-message/WelcomeMessage';

const COMPONENTS: Record<TemplateId, React.FC<{ props: CompositionProps }>> = {
  tmpl_welcome_message: WelcomeMessage,
  tmpl_product_demo: ProductDemo,
  tmpl_usage_recap: UsageRecap,
  tmpl_renewal_reminder: RenewalReminder,
};

/**
 * Whether the bundled emoji font draws here: known at once after the first
 * check in this page, else checked while a delayRender holds the frame. The
 * hold is released only in the effect that runs after React committed the
 * answer, so no engine ever captures the empty frame in between (releasing
 * it when the check resolved let the first frame of a video, and every
 * `web` still, come out black).
 */
function useEmojiSupport(): boolean | null {
  const [supported, setSupported] = useState<boolean | null>(() => emojiSupportKnown());
  const { delayRender, continueRender } = useDelayRender();
  const [handle] = useState(() => (supported === null ? delayRender('Checking emoji support') : null));
  useEffect(() => {
    if (supported !== null) return;
    let active = true;
    emojiSupport().then(
      (ok) => active && setSupported(ok),
      () => active && setSupported(true),
    );
    return () => {
      active = false;
    };
  }, [supported]);
  const released = useRef(handle === null);
  const release = useCallback(() => {
    if (released.current || handle === null) return;
    released.current = true;
    continueRender(handle);
  }, [handle, continueRender]);
  // After the commit that shows the answer.
  useEffect(() => {
    if (supported !== null) release();
  }, [supported, release]);
  // Unmounted before the answer: release the hold rather than time the render out.
  useEffect(() => release, [release]);
  return supported;
}

/** Renders the template named by `template_id` (see the file header). */
export const TemplateVideo: React.FC<CompositionProps> = (props) => {
  const Component = COMPONENTS[props.template_id as TemplateId];
  if (!Component) throw new Error(`Unknown template "${props.template_id}"`);
  const emoji = useEmojiSupport();
  const shown = useMemo(
    () =>
      emoji === false
        ? { ...props, customer_data: stripEmojiDeep(props.customer_data), script: stripEmojiDeep(props.script) }
        : props,
    [emoji, props],
  );
  if (emoji === null) return <AbsoluteFill />;
  return (
    <TimelineScriptContext.Provider value={props.script}>
      <Component props={shown} />
    </TimelineScriptContext.Provider>
  );
};
