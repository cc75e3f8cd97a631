/**
 * tmpl_usage_recap: stat tiles under the headline, the login count rolling up
 * inside a ring, features used popping in as chips, then highlight and tip
 * scenes and the end card.
 */
import type React from 'react';
import { IconBadge } from '../../components/Icon';
import { SplitLayout, TextStack } from '../../components/Layout';
import { useStage } from '../../components/stage';
import { TemplateFrame } from '../../components/TemplateFrame';
import { Chips, CounterRing, StatTiles } from '../../components/visuals';
import type { CompositionProps } from '../../props';
import type { ScriptScene } from '../../script';
import { humanize, present } from '../common';
import { usageRecap } from './spec';

const ChipsOrBadge: React.FC<{ box: { w: number; h: number }; items: string[] }> = ({ box, items }) => {
  const { orientation } = useStage();
  if (items.length === 0) return <IconBadge name="spark" size={Math.min(box.w, box.h) * 0.5} />;
  return <Chips box={box} items={items} max={orientation === 'portrait' ? 8 : 6} />;
};

export const UsageRecap: React.FC<{ props: CompositionProps }> = ({ props }) => {
  const data = usageRecap.customerDataSchema.parse(props.customer_data);
  const period = present(data.period) ?? 'month';
  const logins = data.usage_stats?.logins ?? null;
  const features = [...new Set((data.usage_stats?.features_used ?? []).map(humanize))];
  const company = present(data.company);
  const tier = present(data.product_tier);
  const fmt = (n: number) => new Intl.NumberFormat('en-US').format(n);

  const renderScene = (scene: ScriptScene) => {
    if (scene.kind === 'logins') {
      return (
        <SplitLayout
          text={`${scene.title ?? ''} ${scene.text}`}
          visualShare={{ portrait: 0.46, landscape: 0.42, square: 0.44 }}
          visual={(box) => <CounterRing box={box} value={logins} label={logins === 1 ? 'sign-in' : 'sign-ins'} />}
        >
          {(box) => <TextStack box={box} eyebrow={`This ${period}`} title={scene.title} body={scene.text} delay={8} />}
        </SplitLayout>
      );
    }
    if (scene.kind === 'features') {
      return (
        <SplitLayout
          text={`${scene.title ?? ''} ${scene.text}`}
          flip
          visualShare={{ portrait: 0.42, landscape: 0.5, square: 0.42 }}
          visual={(box) => <ChipsOrBadge box={box} items={features} />}
        >
          {(box) => (
            <TextStack
              box={box}
              eyebrow={features.length ? `${features.length} ${features.length === 1 ? 'feature' : 'features'} used` : 'Features'}
              title={scene.title}
              body={scene.text}
              delay={6}
            />
          )}
        </SplitLayout>
      );
    }
    const icon = scene.kind === 'tip' ? 'bulb' : scene.kind === 'highlight' ? 'star' : 'spark';
    return (
      <SplitLayout
        text={`${scene.title ?? ''} ${scene.text}`}
        visualShare={{ portrait: 0.24, landscape: 0.3, square: 0.24 }}
        visual={(box) => <IconBadge name={icon} size={Math.min(box.w, box.h) * 0.66} />}
      >
        {(box) => (
          <TextStack
            box={box}
            eyebrow={scene.kind === 'tip' ? 'Try next' : scene.kind === 'highlight' ? 'Highlight' : period}
            title={scene.title}
            body={scene.text}
            variant={scene.title ? 'scene' : 'statement'}
            delay={4}
          />
        )}
      </SplitLayout>
    );
  };

  const stats = [
    { value: logins === null ? '—' : fmt(logins), label: logins === 1 ? 'Sign-in' : 'Sign-ins' },
    { value: fmt(features.length), label: features.length === 1 ? 'Feature used' : 'Features used' },
  ];

  return (
    <TemplateFrame
      props={props}
      timing={usageRecap.timing}
      extraText={`${features.join(' ')} ${company ?? ''} ${tier ?? ''} ${period} recap Sign-ins sign-in Features used Try next Highlight more`}
      endTitle={`Keep it up, ${data.first_name}!`}
      renderScene={renderScene}
      intro={
        <SplitLayout
          text={props.script.headline}
          visualShare={{ portrait: 0.36, landscape: 0.4, square: 0.34 }}
          visual={(box) => <StatTiles box={box} stats={stats} />}
        >
          {(box) => (
            <TextStack
              box={box}
              eyebrow={tier ? `${tier} · ${period} recap` : `Your ${period} recap`}
              title={props.script.headline}
              body={company}
              variant="hero"
              delay={6}
            />
          )}
        </SplitLayout>
      }
    />
  );
};
