/**
 * A template's writer: what each of its slots talks about, in what order of
 * preference, given the data and the focus points. The wording comes from the
 * tone's copy; the builder fills the slot plan from these candidates.
 */
import type { Variants } from '../copy';
import type { SceneDraft, WriterContext } from '../context';
import type { FocusKey } from '../schemas';

/** Candidates for one slot, best first; the builder takes as many as the plan asks for. */
/**
 * What a scene owned by a free-text point does in its slot: shows what it
 * brings, asks for a step, quotes logins or features used, or opens the
 * video as the slot's greeting, hook or renewal reminder.
 */
export type PointUse = 'value' | 'step' | 'logins' | 'features' | 'greeting' | 'hook' | 'reminder';

export type SlotWriter = (ctx: WriterContext, count: number) => SceneDraft[];

export type TemplateWriter = {
  /** Focus when ai_messaging names no known focus key. */
  defaultFocus: readonly FocusKey[];
  /**
   * Slots whose scenes a free-text point may own, best first, with what such
   * a scene does there. A slot's first scene is taken only after every spare
   * one, since it carries the template's own content.
   */
  pointSlots: ReadonlyArray<readonly [kind: string, use: PointUse]>;
  headline(ctx: WriterContext): Variants;
  cta(ctx: WriterContext): Variants;
  slots: Readonly<Record<string, SlotWriter>>;
};
