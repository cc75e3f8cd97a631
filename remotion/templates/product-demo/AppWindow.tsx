/**
 * A stylised app window for the product tour: sidebar named after the
 * features in the script, KPI cards, a bar chart and an activity list. It is
 * drawn at a fixed design size and scaled to its box, and for a feature scene
 * a cursor glides to the highlighted area, clicks, and a spotlight dims the rest.
 */
import type React from 'react';
import { Easing, interpolate, useCurrentFrame } from 'remotion';
import { progress, useEntrance } from '../../components/motion';
import { Drawing } from '../../components/Drawing';
import { Halo } from '../../components/Halo';
import { OneLine } from '../../components/OneLine';
import { useStage } from '../../components/stage';
import { BODY_FONT, DISPLAY_FONT } from '../../fonts';
import { mix, withAlpha } from '../../theme';

export type AppRegion = 'nav' | 'kpi' | 'chart' | 'list';

type Rect = { x: number; y: number; w: number; h: number };

const TITLEBAR = 44;
const NAV_ROW = 46;

/**
 * Two designs of the same app: wide (880×560) for roomy landscape boxes and
 * compact (640×600, chart and list stacked) for portrait and square boxes, so
 * the window is drawn as large as the box allows.
 */
function layoutFor(compact: boolean) {
  const W = compact ? 640 : 880;
  const H = compact ? 600 : 560;
  const SIDEBAR = compact ? 176 : 206;
  const MAIN_X = SIDEBAR + 24;
  const MAIN_W = W - SIDEBAR - 48;
  const KPI: Rect = { x: MAIN_X, y: TITLEBAR + 84, w: MAIN_W, h: 96 };
  const below = KPI.y + KPI.h + 18;
  const CHART: Rect = compact
    ? { x: MAIN_X, y: below, w: MAIN_W, h: 190 }
    : { x: MAIN_X, y: below, w: MAIN_W * 0.6 - 9, h: H - below - 22 };
  const LIST: Rect = compact
    ? { x: MAIN_X, y: below + 190 + 18, w: MAIN_W, h: H - (below + 190 + 18) - 22 }
    : { x: MAIN_X + MAIN_W * 0.6 + 9, y: below, w: MAIN_W * 0.4 - 9, h: H - below - 22 };
  return { W, H, SIDEBAR, MAIN_X, MAIN_W, KPI, CHART, LIST, NAV_Y: TITLEBAR + 78, listRows: compact ? 2 : 4, compact };
}

type AppLayout = ReturnType<typeof layoutFor>;

const BARS = [34, 52, 41, 66, 58, 74, 62, 83, 71, 90, 78, 96];
const KPIS = [
  { label: 'Active users', value: 2481, suffix: '', delta: '+12%' },
  { label: 'Reports sent', value: 318, suffix: '', delta: '+8%' },
  { label: 'Hours saved', value: 41, suffix: ' h', delta: '+23%' },
];


function regionRect(l: AppLayout, region: AppRegion, activeNav: number): Rect {
  if (region === 'kpi') return l.KPI;
  if (region === 'chart') return l.CHART;
  if (region === 'list') return l.LIST;
  return { x: 12, y: l.NAV_Y + activeNav * NAV_ROW, w: l.SIDEBAR - 24, h: NAV_ROW - 6 };
}

export const AppWindow: React.FC<{
  box: { w: number; h: number };
  productName: string;
  workspace: string;
  userName: string;
  initial: string;
  nav: string[];
  activeNav: number;
  highlight: AppRegion | null;
}> = ({ box, productName, workspace, userName, initial, nav, activeNav, highlight }) => {
  const frame = useCurrentFrame();
  const { theme, u } = useStage();
  const layout = layoutFor(box.w / box.h < 1.4);
  const { W, H, SIDEBAR, MAIN_X, MAIN_W, KPI, CHART, LIST, NAV_Y, compact } = layout;
  const scale = Math.min(box.w / W, box.h / H);
  const enter = useEntrance(0);
  const tilt = interpolate(enter, [0, 1], [14, 0]);
  const panel = (i: number) => progress(frame, 6 + i * 4, 22 + i * 4);
  const grow = progress(frame, 14, 44, Easing.out(Easing.quad));
  const count = progress(frame, 10, 40);

  const target = highlight ? regionRect(layout, highlight, activeNav) : null;
  const cursorT = progress(frame, 8, 34, Easing.inOut(Easing.cubic));
  const click = progress(frame, 36, 54);
  const spot = progress(frame, 34, 46);
  const cx = target ? interpolate(cursorT, [0, 1], [W + 40, target.x + target.w * 0.62]) : 0;
  const cy = target ? interpolate(cursorT, [0, 1], [H * 0.9, target.y + target.h * 0.58]) : 0;
  const press = target ? 1 - 0.15 * Math.sin(Math.min(1, click * 3) * Math.PI) : 1;

  const card: React.CSSProperties = {
    position: 'absolute',
    borderRadius: 14,
    background: 'rgba(255,255,255,0.045)',
    border: '1px solid rgba(255,255,255,0.08)',
  };

  return (
    <div
      style={{
        width: box.w,
        height: box.h,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        position: 'relative',
      }}
    >
      <div
        style={{
          position: 'absolute',
          width: W * scale,
          height: H * scale,
          left: (box.w - W * scale) / 2,
          top: (box.h - H * scale) / 2 + (1 - enter) * 60 * scale,
        }}
      >
        <Halo color="rgba(0, 0, 0, 0.5)" spread={50 * scale} offsetY={30 * scale} opacity={enter} />
        <Halo color={withAlpha(theme.accent, 0.2)} spread={90 * scale} opacity={enter} />
      </div>
      <div
        style={{
          width: W,
          height: H,
          flexShrink: 0,
          position: 'relative',
          // Settles from a slight turn: drawn flat, as a horizontal squeeze and a skew (both engines draw 2D transforms alike).
          transform: `scale(${scale}) translateY(${(1 - enter) * 60}px) skewY(${tilt * 0.25}deg) scaleX(${Math.cos((tilt * Math.PI) / 180)}) scaleY(${Math.cos((tilt * 0.4 * Math.PI) / 180)})`,
          opacity: Math.min(1, enter * 1.6),
          borderRadius: 20,
          overflow: 'hidden',
          background: mix(theme.background, '#1a1c26', 0.7),
          border: '1px solid rgba(255,255,255,0.12)',

          fontFamily: BODY_FONT,
          color: theme.text,
        }}
      >
        <div
          style={{
            position: 'absolute',
            left: 0,
            top: 0,
            width: W,
            height: TITLEBAR,
            borderBottom: '1px solid rgba(255,255,255,0.07)',
            display: 'flex',
            alignItems: 'center',
            padding: '0 18px',
            gap: 8,
          }}
        >
          {['#ff5f57', '#febc2e', '#28c840'].map((c) => (
            <div key={c} style={{ width: 12, height: 12, borderRadius: 6, background: c, opacity: 0.85 }} />
          ))}
          <div
            style={{
              margin: '0 auto',
              width: 320,
              height: 26,
              borderRadius: 8,
              background: 'rgba(255,255,255,0.06)',
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              padding: '0 12px',
            }}
          >
            <OneLine text={workspace} style={{ fontSize: 13, color: theme.textMuted }} />
          </div>
          <div style={{ width: 52 }} />
        </div>

        <div
          style={{
            position: 'absolute',
            left: 0,
            top: TITLEBAR,
            width: SIDEBAR,
            height: H - TITLEBAR,
            background: 'rgba(255,255,255,0.025)',
            borderRight: '1px solid rgba(255,255,255,0.06)',
            transform: `translateX(${(1 - panel(0)) * -40}px)`,
            opacity: panel(0),
          }}
        >
          <div style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '18px 16px 0' }}>
            <div
              style={{
                width: 26,
                height: 26,
                borderRadius: 8,
                flexShrink: 0,
                background: `linear-gradient(135deg, ${theme.fill}, ${mix(theme.fill, theme.secondary, 0.5)})`,
              }}
            />
            <OneLine text={productName} style={{ fontFamily: DISPLAY_FONT, fontWeight: 700, fontSize: 16 }} />
          </div>
          {nav.map((label, i) => {
            const active = i === activeNav && highlight !== null;
            return (
              <div
                key={`${label}-${i}`}
                style={{
                  position: 'absolute',
                  left: 12,
                  top: NAV_Y - TITLEBAR + i * NAV_ROW,
                  width: SIDEBAR - 24,
                  height: NAV_ROW - 6,
                  borderRadius: 10,
                  display: 'flex',
                  alignItems: 'center',
                  gap: 10,
                  padding: '0 12px',
                  background: active ? withAlpha(theme.fill, 0.22 * spot + 0.06) : 'transparent',
                  color: active ? theme.text : theme.textMuted,
                }}
              >
                <div
                  style={{
                    width: 16,
                    height: 16,
                    borderRadius: 5,
                    flexShrink: 0,
                    border: `2px solid ${active ? theme.accent : 'rgba(255,255,255,0.3)'}`,
                  }}
                />
                <OneLine text={label} style={{ fontSize: 14, fontWeight: active ? 600 : 500 }} />
              </div>
            );
          })}
        </div>

        <div
          style={{
            position: 'absolute',
            left: MAIN_X,
            top: TITLEBAR + 20,
            width: MAIN_W,
            height: 44,
            display: 'flex',
            alignItems: 'center',
            gap: 14,
            opacity: panel(1),
          }}
        >
          <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 2 }}>
            <OneLine text={`Good morning, ${userName}`} style={{ fontFamily: DISPLAY_FONT, fontWeight: 700, fontSize: 20 }} />
            <OneLine text={workspace} style={{ fontSize: 12, color: theme.textMuted }} />
          </div>
          <div
            style={{
              width: 36,
              height: 36,
              borderRadius: 18,
              flexShrink: 0,
              background: theme.fill,
              color: theme.onFill,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'center',
              fontFamily: DISPLAY_FONT,
              fontWeight: 700,
              fontSize: 16,
            }}
          >
            {initial}
          </div>
        </div>

        {KPIS.map((kpi, i) => {
          const w = (KPI.w - 2 * 14) / 3;
          const p = panel(2 + i);
          return (
            <div
              key={kpi.label}
              style={{
                ...card,
                left: KPI.x + i * (w + 14),
                top: KPI.y,
                width: w,
                height: KPI.h,
                padding: '14px 16px',
                display: 'flex',
                flexDirection: 'column',
                justifyContent: 'space-between',
                opacity: p,
                transform: `translateY(${(1 - p) * 20}px)`,
              }}
            >
              <OneLine text={kpi.label} style={{ fontSize: 12, color: theme.textMuted }} />
              <div style={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 6 }}>
                <span
                  style={{
                    fontFamily: DISPLAY_FONT,
                    fontWeight: 700,
                    fontSize: compact ? 26 : 28,
                  }}
                >
                  {new Intl.NumberFormat('en-US').format(Math.round(kpi.value * count))}
                  {kpi.suffix}
                </span>
                {compact ? null : <span style={{ fontSize: 12, fontWeight: 600, color: theme.accent }}>{kpi.delta}</span>}
              </div>
            </div>
          );
        })}

        <div
          style={{
            ...card,
            left: CHART.x,
            top: CHART.y,
            width: CHART.w,
            height: CHART.h,
            padding: 16,
            opacity: panel(5),
          }}
        >
          <span style={{ fontSize: 12, color: theme.textMuted }}>Weekly activity</span>
          <div
            style={{
              position: 'absolute',
              left: 16,
              right: 16,
              bottom: 16,
              top: 44,
              display: 'flex',
              alignItems: 'flex-end',
              gap: 8,
            }}
          >
            {BARS.map((b, i) => (
              <div
                key={i}
                style={{
                  flex: 1,
                  height: `${b * Math.min(1, Math.max(0, grow * 1.6 - i * 0.05))}%`,
                  borderRadius: 5,
                  background: i === BARS.length - 1 ? theme.fill : `linear-gradient(180deg, ${withAlpha(theme.accent, 0.75)}, ${withAlpha(theme.accent, 0.25)})`,
                }}
              />
            ))}
          </div>
        </div>

        <div
          style={{
            ...card,
            left: LIST.x,
            top: LIST.y,
            width: LIST.w,
            height: LIST.h,
            padding: 16,
            opacity: panel(6),
            display: 'flex',
            flexDirection: 'column',
            gap: 14,
          }}
        >
          <span style={{ fontSize: 12, color: theme.textMuted }}>Latest activity</span>
          {Array.from({ length: layout.listRows }, (_, i) => (
            <div
              key={i}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 10,
                opacity: progress(frame, 20 + i * 5, 32 + i * 5),
              }}
            >
              <div
                style={{
                  width: 24,
                  height: 24,
                  borderRadius: 12,
                  flexShrink: 0,
                  background: i % 2 ? withAlpha(theme.secondary, 0.6) : withAlpha(theme.accent, 0.6),
                }}
              />
              <div style={{ flex: 1, display: 'flex', flexDirection: 'column', gap: 5 }}>
                <div
                  style={{ height: 7, width: `${85 - i * 12}%`, borderRadius: 4, background: 'rgba(255,255,255,0.2)' }}
                />
                <div
                  style={{ height: 6, width: `${55 - i * 6}%`, borderRadius: 3, background: 'rgba(255,255,255,0.09)' }}
                />
              </div>
            </div>
          ))}
        </div>

        {target ? (
          <>
            {/* The spotlight: the window dimmed around the target, a canvas with a hole (a spread box-shadow
                would do it in CSS, but the web engine clips shadows to the page it draws). */}
            <Drawing
              width={W}
              height={H}
              deps={[spot, target.x, target.y, target.w, target.h]}
              draw={(ctx) => {
                if (spot <= 0) return;
                const k = 1.04 - 0.04 * spot;
                const w = (target.w + 12) * k;
                const h = (target.h + 12) * k;
                const x = target.x + target.w / 2 - w / 2;
                const y = target.y + target.h / 2 - h / 2;
                ctx.fillStyle = `rgba(4, 5, 9, ${0.5 * spot})`;
                ctx.beginPath();
                ctx.rect(0, 0, W, H);
                ctx.roundRect(x, y, w, h, 16 * k);
                ctx.fill('evenodd');
              }}
              style={{ position: 'absolute', left: 0, top: 0 }}
            />
            <div
              style={{
                position: 'absolute',
                left: target.x - 6,
                top: target.y - 6,
                width: target.w + 12,
                height: target.h + 12,
                borderRadius: 16,
                border: `3px solid ${withAlpha(theme.accent, spot)}`,
                transform: `scale(${1.04 - 0.04 * spot})`,
              }}
            />
            <div
              style={{
                position: 'absolute',
                left: cx - 28 * click * 2,
                top: cy - 28 * click * 2,
                width: 56 * click * 2,
                height: 56 * click * 2,
                borderRadius: '50%',
                border: `2px solid ${withAlpha(theme.accent, 1 - click)}`,
                opacity: click > 0 ? 1 : 0,
              }}
            />
            <svg
              width={30}
              height={30}
              viewBox="0 0 24 24"
              style={{
                position: 'absolute',
                left: cx - 4,
                top: cy - 2,
                transform: `scale(${press})`,
                transformOrigin: '4px 2px',
              }}
            >
              <path d="M4 2l15 9.5-6.6 1.4 3.8 7.3-3 1.5-3.8-7.3L4 19z" fill="rgba(0,0,0,0.35)" transform="translate(1.2 1.8)" />
              <path
                d="M4 2l15 9.5-6.6 1.4 3.8 7.3-3 1.5-3.8-7.3L4 19z"
                fill="#ffffff"
                stroke="#111318"
                strokeWidth="1.2"
                strokeLinejoin="round"
              />
            </svg>
          </>
        ) : null}
      </div>
    </div>
  );
};
