/**
 * The capture pipeline's floor for `npm run bench:render`: a composition that
 * draws almost nothing (a solid colour and the frame number), so its frame
 * rate is what Chromium's screenshot path, the JPEG hand-over and the encoder
 * allow on this machine, whatever a template draws.
 */
import React from 'react';
import { AbsoluteFill, Composition, registerRoot, useCurrentFrame } from 'remotion';

const Solid: React.FC = () => {
  const frame = useCurrentFrame();
  return (
    <AbsoluteFill
      style={{ background: '#1c1b3a', color: '#fff', fontSize: 96, fontFamily: 'sans-serif', justifyContent: 'center', alignItems: 'center' }}
    >
      {frame}
    </AbsoluteFill>
  );
};

const sizes = [
  [720, 1280],
  [1080, 1920],
] as const;

const Root: React.FC = () => (
  <>
    {sizes.map(([width, height]) => (
      <Composition key={width} id={`floor-${width}x${height}`} component={Solid} durationInFrames={300} fps={30} width={width} height={height} />
    ))}
  </>
);

registerRoot(Root);
