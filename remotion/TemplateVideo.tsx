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
import { useLayoutEffect, useMemo, useState } from 'react';
import { AbsoluteFill, useDelayRender } from 'remotion';
import { TimelineScriptContext } from './components/TemplateFrame';
import { stripEmojiDeep } from './emoji';
import { emojiSupport } from './fonts';
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

function useEmojiSupport(): boolean | null {
  const [supported, setSupported] = useState<boolean | null>(null);
  const { delayRender, continueRender } = useDelayRender();
  useLayoutEffect(() => {
    const handle = delayRender('Checking emoji support');
    let active = true;
    emojiSupport()
      .then((ok) => {
        if (active) setSupported(ok);
      })
      .finally(() => continueRender(handle));
    return () => {
      active = false;
    };
  }, [delayRender, continueRender]);
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
