/**
 * Wraps one scene: provides its timing to children and plays the shared exit
 * (fade, lift, slight zoom) while the next scene is already arriving.
 */
import type React from 'react';
import { AbsoluteFill } from 'remotion';
import { useExit } from './motion';
import { SceneTimingContext, useStage } from './stage';

const ExitLayer: React.FC<{ children: React.ReactNode }> = ({ children }) => {
  const exit = useExit();
  const { u } = useStage();
  return (
    <AbsoluteFill
      // Nothing while the scene is on screen: see rise() in motion.ts for why an identity transform costs.
      style={exit === 0 ? undefined : { opacity: 1 - exit, transform: `translateY(${-36 * u * exit}px) scale(${1 + 0.03 * exit})` }}
    >
      {children}
    </AbsoluteFill>
  );
};

export const SceneFrame: React.FC<{ durationInFrames: number; index: number; children: React.ReactNode }> = ({
  durationInFrames,
  index,
  children,
}) => (
  <SceneTimingContext.Provider value={{ durationInFrames, index }}>
    <ExitLayer>{children}</ExitLayer>
  </SceneTimingContext.Provider>
);
