/**
 * tmpl_renewal_reminder: the plan card under the headline, the renewal date
 * on a flipping calendar page, what the plan delivered, an optional offer
 * on a swinging tag, then the end card.
 */
import type React from 'react';
import { IconBadge } from '../../components/Icon';
import { SplitLayout, TextStack } from '../../components/Layout';
import { TemplateFrame } from '../../components/TemplateFrame';
import { CalendarTile, OfferTag } from '../../components/visuals';
import type { CompositionProps } from '../../props';
import type { ScriptScene } from '../../script';
import { fullName, present } from '../common';
import { PlanCard } from './PlanCard';
import { formatRenewalDate, renewalReminder } from './spec';

const VALUE_ICONS = ['chart', 'check', 'heart', 'rocket', 'star'] as const;

export const RenewalReminder: React.FC<{ props: CompositionProps }> = ({ props }) => {
  const data = renewalReminder.customerDataSchema.parse(props.customer_data);
  const tier = present(data.product_tier);
  const company = present(data.company);
  const date = data.renewal_date ? formatRenewalDate(data.renewal_date) : null;
  const values = props.script.scenes.filter((s) => s.kind === 'value');
  const holder = company ?? fullName(data.first_name, data.last_name);
  const details = [
    ...(data.seats ? [`${new Intl.NumberFormat('en-US').format(data.seats)} ${data.seats === 1 ? 'seat' : 'seats'}`] : []),
    date ? `Renews ${date.long}` : 'Renews soon',
  ];

  const renderScene = (scene: ScriptScene, index: number) => {
    if (scene.kind === 'reminder') {
      return (
        <SplitLayout
          text={`${scene.title ?? ''} ${scene.text}`}
          visualShare={{ portrait: 0.42, landscape: 0.4, square: 0.4 }}
          visual={(box) => (
            <CalendarTile
              box={box}
              month={date?.month ?? null}
              day={date ? String(date.day) : 'Soon'}
              caption={date ? String(date.year) : 'Renewal'}
            />
          )}
        >
          {(box) => (
            <TextStack
              box={box}
              eyebrow={date ? `Renews ${date.long}` : 'Renewal coming up'}
              title={scene.title}
              body={scene.text}
              variant={scene.title ? 'scene' : 'statement'}
              delay={8}
            />
          )}
        </SplitLayout>
      );
    }
    if (scene.kind === 'offer') {
      return (
        <SplitLayout
          text={`${scene.title ?? ''} ${scene.text}`}
          flip
          visualShare={{ portrait: 0.36, landscape: 0.44, square: 0.36 }}
          visual={(box) => <OfferTag box={box} label={scene.title ?? 'Offer'} />}
        >
          {(box) => <TextStack box={box} eyebrow="Renewal offer" body={scene.text} variant="statement" delay={8} />}
        </SplitLayout>
      );
    }
    const n = values.indexOf(scene);
    return (
      <SplitLayout
        text={`${scene.title ?? ''} ${scene.text}`}
        flip={index % 2 === 1}
        visualShare={{ portrait: 0.24, landscape: 0.3, square: 0.24 }}
        visual={(box) => (
          <IconBadge name={VALUE_ICONS[Math.max(0, n) % VALUE_ICONS.length] ?? 'check'} size={Math.min(box.w, box.h) * 0.66} />
        )}
      >
        {(box) => (
          <TextStack
            box={box}
            eyebrow={n >= 0 ? 'Your year with us' : 'Good to know'}
            title={scene.title}
            body={scene.text}
            variant={scene.title ? 'scene' : 'statement'}
            delay={4}
          />
        )}
      </SplitLayout>
    );
  };

  return (
    <TemplateFrame
      props={props}
      timing={renewalReminder.timing}
      extraText={`${holder} ${details.join(' ')} ${tier ?? ''} Your plan Renewal coming up offer Your year with us Good to know Soon`}
      endTitle={`Thank you for being with us, ${data.first_name}.`}
      renderScene={renderScene}
      intro={
        <SplitLayout
          text={props.script.headline}
          visualShare={{ portrait: 0.4, landscape: 0.46, square: 0.38 }}
          visual={(box) => (
            // Without a tier the holder's name is the card's title rather than a second "Your plan".
            <PlanCard box={box} title={tier ?? holder} holder={tier ? holder : null} details={details} />
          )}
        >
          {(box) => (
            <TextStack box={box} eyebrow="Renewal reminder" title={props.script.headline} variant="hero" delay={10} />
          )}
        </SplitLayout>
      }
    />
  );
};
