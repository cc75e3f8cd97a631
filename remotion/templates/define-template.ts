/**
 * The contract every template fulfils. A spec is plain data + zod (no React),
 * so the server can list templates, validate `customer_data`, publish its JSON
 * Schema and let the messaging writer fill the slots without loading any
 * component code.
 */
import type { z } from 'zod';
import type { AspectRatio } from '../formats';
import type { Script, ScriptLength } from '../script';
import type { TemplateTiming } from '../timeline';

/** One kind of scene a script may contain, and how many a script of each length should have. */
export type SceneSlot = {
  kind: string;
  label: string;
  /** What the writer should say there; shown to the AI writer as an instruction. */
  description: string;
  title: 'required' | 'optional' | 'none';
  /** Soft limits the writer aims for; longer text still fits (it shrinks). */
  maxTitleChars: number;
  maxChars: number;
  count: Record<ScriptLength, number>;
};

type TemplateSpecInput<S extends z.ZodObject> = {
  /** Public id used by the API, e.g. tmpl_welcome_message. */
  id: `tmpl_${string}`;
  /** Remotion composition id: letters, digits and "-" only. */
  compositionId: string;
  name: string;
  description: string;
  customerDataSchema: S;
  aspectRatios: readonly AspectRatio[];
  /**
   * Render engines that draw this template as designed. `web` (the fast canvas
   * engine) draws a subset of CSS: declare it only when the fidelity test
   * (tests/integration/render/fidelity.test.ts) passes for every aspect ratio.
   */
  engines: readonly ('web' | 'classic')[];
  headline: { description: string; maxChars: number };
  slots: readonly SceneSlot[];
  cta: { description: string; defaultLabel: string };
  timing: TemplateTiming;
  /** Deterministic copy for previews, from data already parsed by the schema. */
  example: (data: z.output<S>, length: ScriptLength) => Script;
};

export type TemplateSpec<S extends z.ZodObject = z.ZodObject> = Omit<TemplateSpecInput<S>, 'example'> & {
  /** Example script from raw customer_data; invalid data falls back to the schema's own example. */
  exampleScript: (customerData: unknown, length: ScriptLength) => Script;
};

/** Declares a template; checks the ids once so a typo fails at import, not mid-render. */
export function defineTemplate<S extends z.ZodObject>(
  input: TemplateSpecInput<S> & { exampleData: z.input<S> },
): TemplateSpec<S> & { exampleData: z.input<S> } {
  if (!/^tmpl_[a-z0-9_]+$/.test(input.id)) throw new Error(`Bad template id ${input.id}`);
  if (!/^[a-zA-Z0-9-]+$/.test(input.compositionId)) throw new Error(`Bad composition id ${input.compositionId}`);
  const { example, ...rest } = input;
  return {
    ...rest,
    exampleScript(customerData, length) {
      const parsed = input.customerDataSchema.safeParse(customerData);
      const data = parsed.success ? parsed.data : input.customerDataSchema.parse(input.exampleData);
      return example(data, length);
    },
  };
}
