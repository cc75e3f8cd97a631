/**
 * tmpl_product_demo: the app window assembles under the headline, the hook
 * states the problem, each feature gets its own spotlight in the window, an
 * outcome is drawn as a rising chart, then the end card.
 */
import type React from 'react';
import { IconBadge } from '../../components/Icon';
import { SplitLayout, TextStack } from '../../components/Layout';
import { TemplateFrame } from '../../components/TemplateFrame';
import { RisingChart } from '../../components/visuals';
import type { CompositionProps } from '../../props';
import type { ScriptScene } from '../../script';
import { makeTheme } from '../../theme';
import { fullName, humanize, initialOf, present } from '../common';
import { AppWindow, type AppRegion } from './AppWindow';
import { DEFAULT_FEATURES, productDemo } from './spec';

const REGIONS: AppRegion[] = ['nav', 'chart', 'kpi', 'list'];
const NAV_ITEMS = 5;

export const ProductDemo: React.FC<{ props: CompositionProps }> = ({ props }) => {
  const data = productDemo.customerDataSchema.parse(props.customer_data);
  const product = present(data.product_name) ?? 'Workspace';
  const company = present(data.company);
  const features = props.script.scenes.filter((s) => s.kind === 'feature');
  // The sidebar lists the features the script talks about first, then the customer's own, then generic ones.
  const nav = [
    ...new Set([
      ...features.map((f) => f.title ?? '').filter(Boolean),
      ...(data.features ?? []).map(humanize),
      ...DEFAULT_FEATURES,
    ]),
  ].slice(0, NAV_ITEMS);
  const windowProps = {
    productName: product,
    workspace: company ? `${company} · ${product}` : product,
    userName: data.first_name,
    initial: initialOf(data.first_name),
    nav,
  };
  const accent = makeTheme(props.brand.color).accent;
  const share = { portrait: 0.56, landscape: 0.58, square: 0.54 };

  const renderScene = (scene: ScriptScene, index: number) => {
    if (scene.kind === 'feature') {
      const n = features.indexOf(scene);
      const label = scene.title ?? '';
      const navIndex = Math.max(0, nav.indexOf(label));
      return (
        <SplitLayout
          text={`${scene.title ?? ''} ${scene.text}`}
          flip={n % 2 === 1}
          visualShare={share}
          visual={(box) => <AppWindow box={box} {...windowProps} activeNav={navIndex} highlight={REGIONS[n % REGIONS.length] ?? 'nav'} />}
        >
          {(box) => (
            <TextStack
              box={box}
              eyebrow={features.length > 1 ? `Feature ${n + 1} of ${features.length}` : 'Feature spotlight'}
              title={scene.title}
              body={scene.text}
              delay={6}
            />
          )}
        </SplitLayout>
      );
    }
    if (scene.kind === 'outcome') {
      return (
        <SplitLayout
          text={`${scene.title ?? ''} ${scene.text}`}
          flip
          visualShare={{ portrait: 0.4, landscape: 0.46, square: 0.38 }}
          visual={(box) => <RisingChart box={box} />}
        >
          {(box) => (
            <TextStack
              box={box}
              eyebrow="The result"
              title={scene.title}
              titleColor={accent}
              body={scene.text}
              delay={4}
            />
          )}
        </SplitLayout>
      );
    }
    return (
      <SplitLayout
        text={`${scene.title ?? ''} ${scene.text}`}
        visualShare={{ portrait: 0.2, landscape: 0.24, square: 0.2 }}
        visual={(box) => <IconBadge name={index === 0 ? 'spark' : 'rocket'} size={Math.min(box.w, box.h) * 0.72} />}
      >
        {(box) => (
          <TextStack
            box={box}
            eyebrow={company ?? data.first_name}
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
      timing={productDemo.timing}
      extraText={[
        ...nav,
        windowProps.workspace,
        fullName(data.first_name, data.last_name),
        'Good morning Feature of Feature spotlight The result Product tour',
        'Active users Reports sent Hours saved Weekly activity Latest activity',
      ].join(' ')}
      endTitle={`Your turn, ${data.first_name}.`}
      renderScene={renderScene}
      intro={
        <SplitLayout
          text={props.script.headline}
          visualShare={share}
          visual={(box) => <AppWindow box={box} {...windowProps} activeNav={0} highlight={null} />}
        >
          {(box) => (
            <TextStack
              box={box}
              eyebrow={company ? `Product tour · ${company}` : 'Product tour'}
              title={props.script.headline}
              variant="hero"
              delay={10}
            />
          )}
        </SplitLayout>
      }
    />
  );
};
