/**
 * tmpl_welcome_message: monogram intro, the greeting as a big statement,
 * numbered benefits, the next step ticked off on a checklist, end card.
 */
import type React from 'react';
import { IconBadge } from '../../components/Icon';
import { SplitLayout, TextStack } from '../../components/Layout';
import { ChecklistCard, Monogram, NumberBadge } from '../../components/visuals';
import { TemplateFrame } from '../../components/TemplateFrame';
import type { CompositionProps } from '../../props';
import type { ScriptScene } from '../../script';
import { fullName, initialOf, present } from '../common';
import { welcomeMessage } from './spec';

export const WelcomeMessage: React.FC<{ props: CompositionProps }> = ({ props }) => {
  const data = welcomeMessage.customerDataSchema.parse(props.customer_data);
  const company = present(data.company);
  const tier = present(data.product_tier);
  const name = fullName(data.first_name, data.last_name);
  const benefits = props.script.scenes.filter((s) => s.kind === 'benefit');

  const renderScene = (scene: ScriptScene, index: number) => {
    if (scene.kind === 'benefit') {
      const n = benefits.indexOf(scene) + 1;
      return (
        <SplitLayout
          text={`${scene.title ?? ''} ${scene.text}`}
          flip={index % 2 === 0}
          visualShare={{ portrait: 0.4, landscape: 0.36, square: 0.34 }}
          visual={(box) => <NumberBadge box={box} n={n} />}
        >
          {(box) => (
            <TextStack
              box={box}
              eyebrow={benefits.length > 1 ? `Benefit ${n} of ${benefits.length}` : 'Made for you'}
              title={scene.title}
              body={scene.text}
              delay={4}
            />
          )}
        </SplitLayout>
      );
    }
    if (scene.kind === 'next_step') {
      return (
        <SplitLayout
          text={`${scene.title ?? ''} ${scene.text}`}
          visualShare={{ portrait: 0.36, landscape: 0.44, square: 0.36 }}
          visual={(box) => <ChecklistCard box={box} label={scene.title ?? scene.text} />}
        >
          {(box) => <TextStack box={box} eyebrow="Your next step" title={scene.title} body={scene.text} delay={4} />}
        </SplitLayout>
      );
    }
    return (
      <SplitLayout
        text={`${scene.title ?? ''} ${scene.text}`}
        visualShare={{ portrait: 0.2, landscape: 0.24, square: 0.2 }}
        visual={(box) => <IconBadge name={scene.kind === 'greeting' ? 'heart' : 'spark'} size={Math.min(box.w, box.h) * 0.72} />}
      >
        {(box) => (
          <TextStack
            box={box}
            eyebrow={company ? `Hello, ${company}` : `Hello, ${data.first_name}`}
            title={scene.title}
            body={scene.text}
            variant="statement"
            delay={4}
          />
        )}
      </SplitLayout>
    );
  };

  return (
    <TemplateFrame
      props={props}
      timing={welcomeMessage.timing}
      extraText={`${name} ${company ?? ''} ${tier ?? ''} Benefit of Made for you Your next step Hello`}
      endTitle={`See you inside, ${data.first_name}.`}
      renderScene={renderScene}
      intro={
        <SplitLayout text={props.script.headline}
          visualShare={{ portrait: 0.46, landscape: 0.4, square: 0.4 }}
          visual={(box) => <Monogram box={box} initial={initialOf(data.first_name)} />}
        >
          {(box) => (
            <TextStack
              box={box}
              eyebrow={tier ? `${tier} · Welcome` : 'A personal welcome'}
              title={props.script.headline}
              body={company ? `For ${name}, ${company}` : `For ${name}`}
              variant="hero"
              delay={8}
            />
          )}
        </SplitLayout>
      }
    />
  );
};
