/**
 * A template's writer: what each of its slots talks about, in what order of
 * preference, given the data and the focus points. The wording comes from the
 * tone's copy; the builder fills the slot plan from these candidates.
 */
import type { Variants } from '../copy';
import type { SceneDraft, WriterContext } from '../context';
import type { FocusKey } from '../schemas';

/** Candidates for one slot, best first; the builder takes as many as the plan asks for. */
export type SlotWriter = (ctx: WriterContext, count: number) => SceneDraft[];

export type TemplateWriter = {
  /** Focus when ai_messaging names no known focus key. */
  defaultFocus: readonly FocusKey[];
  /** Slots where a free-text point may get a scene of its own, best first. */
  freeTextSlots: readonly string[];
  headline(ctx: WriterContext): Variants;
  cta(ctx: WriterContext): Variants;
  slots: Readonly<Record<string, SlotWriter>>;
};
