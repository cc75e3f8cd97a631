/** A template's example customer_data (from its spec): the prefill of the create form and the gallery's preview data. */
import { templates } from '@/remotion/templates/registry';

export function exampleDataFor(templateId: string): Record<string, unknown> {
  const spec = templates.find((t) => t.id === templateId);
  // A deep copy: the form edits it, the spec's object must stay as declared.
  return spec ? (structuredClone(spec.exampleData) as Record<string, unknown>) : {};
}
