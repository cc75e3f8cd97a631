/**
 * The wording contract every tone implements. Template writers decide WHAT a
 * scene is about (from the data and the focus points); a tone's copy decides
 * HOW it is said. Each entry returns variants: the writer keeps those within
 * the slot's character target and picks one with the seeded PRNG.
 *
 * Functions take the facts they need as arguments (`tier: string`), so a
 * scene about the tier is only ever asked for when there is a tier.
 */
import type { NamedFacts } from '../facts';
import type { FreeTextPoint } from '../text';
import type { DEFAULT_FEATURES } from '../../../remotion/templates/product-demo/spec';

/** Candidate phrasings; falsy entries are conditional variants that do not apply. */
export type Variants = ReadonlyArray<string | false | null | undefined | 0>;

/** A scene's copy before a variant is picked. Slots without titles ignore `title`. */
export type SceneCopy = {
  title: Variants;
  text: Variants;
  /** Use the first title that fits instead of a random one (a free-text point's own words come first). */
  titleInOrder?: boolean;
  /** Use the first text that fits (the fullest phrasing that still fits comes first). */
  textInOrder?: boolean;
};

/**
 * What a scene about a free-text point does besides naming it, from the slot
 * it lands in: shows what it brings (`value`), asks for a step (`step`), or
 * quotes the customer's usage (`usage`, with `fact` a clause such as "12
 * logins this month").
 */
export type PointRole = { kind: 'value' } | { kind: 'step' } | { kind: 'usage'; fact: string };

export type DefaultFeature = (typeof DEFAULT_FEATURES)[number];

/** What the viewer's own usage says, for scenes outside the usage recap. */
export type UsageSummary = { logins?: number; features?: { list: string; count: number } };

type F = NamedFacts;

export type ToneCopy = {
  shared: {
    /** Headline of a template that has no writer of its own. */
    headline(f: F): Variants;
    /** The same, for data without a first name (only a template without first_name can get there). */
    anonymousHeadline: Variants;
    onePlace(f: F): SceneCopy;
    timeBack(f: F): SceneCopy;
    team(f: F): SceneCopy;
    tierIncluded(f: F, tier: string): SceneCopy;
    support(f: F): SceneCopy;
    thankYou(f: F): SceneCopy;
    upgrade(f: F): SceneCopy;
    /** `new`: a welcome ("already"); `established`: a customer with history (recap, renewal). */
    usage(f: F, usage: UsageSummary, stage: 'new' | 'established'): SceneCopy;
    inviteTeam(f: F): SceneCopy;
    firstWorkflow(f: F): SceneCopy;
    reachOut(f: F): SceneCopy;
  };
  /**
   * A free-text focus point woven into the scene it owns: its words in the
   * title and inside the text's own sentence, never a sentence bolted on.
   * `index` rotates the frames so two points in one script read differently.
   */
  point: {
    scene(f: F, point: FreeTextPoint, role: PointRole, index: number): SceneCopy;
    /** A welcome's opening that greets them and names the point. */
    greeting(f: F, point: FreeTextPoint): Variants;
    /** A product demo's opening question, about the point. */
    hook(f: F, point: FreeTextPoint): Variants;
    /** A renewal's date and "nothing to do", with the point. */
    reminder(f: F, point: FreeTextPoint): Variants;
  };
  welcome: {
    headline(f: F): Variants;
    greeting(f: F): Variants;
    cta: Variants;
    readyNow(f: F): SceneCopy;
    /** A named feature; `used` when usage_stats says they already tried it. */
    feature(f: F, name: string, index: number, used: boolean): SceneCopy;
    exploreTier(f: F, tier: string): SceneCopy;
  };
  productDemo: {
    headline(f: F): Variants;
    hook(f: F): Variants;
    cta: Variants;
    knownFeature(f: F, feature: DefaultFeature): SceneCopy;
    /** A feature we know only by name; `index` rotates the sentence frames. */
    feature(f: F, name: string, index: number): SceneCopy;
    outcomeTime(f: F): SceneCopy;
    outcomeAligned(f: F): SceneCopy;
    outcomeUseCase(f: F, useCase: string): SceneCopy;
    outcomeStart(f: F): SceneCopy;
  };
  usageRecap: {
    headline(f: F): Variants;
    logins(f: F): SceneCopy;
    features(f: F): SceneCopy;
    cta: Variants;
    /** Regular use; `perWeek` when the period is long enough to say "about 3 a week". */
    habit(f: F, perWeek: number | undefined): SceneCopy;
    breadth(f: F, count: number): SceneCopy;
    tierAtWork(f: F): SceneCopy;
    freshStart(f: F): SceneCopy;
    focused(f: F, feature: string): SceneCopy;
    tryNew(f: F): SceneCopy;
    weeklyHabit(f: F): SceneCopy;
    goDeeper(f: F, feature: string): SceneCopy;
  };
  renewal: {
    headline(f: F): Variants;
    reminder(f: F): Variants;
    cta: Variants;
    seats(f: F, seats: number): SceneCopy;
    tierValue(f: F, tier: string): SceneCopy;
    continuity(f: F): SceneCopy;
    growth(f: F): SceneCopy;
    review(f: F): SceneCopy;
    addSeats(f: F): SceneCopy;
  };
};
