/** The writer for each template id; anything else gets the generic writer. */
import type { TemplateSpec } from '../../../remotion/templates/registry';
import { genericTemplateWriter } from './generic';
import { productDemoWriter } from './product-demo';
import { renewalReminderWriter } from './renewal-reminder';
import type { TemplateWriter } from './types';
import { usageRecapWriter } from './usage-recap';
import { welcomeMessageWriter } from './welcome-message';

export { genericSlotWriter } from './generic';
export type { SlotWriter, TemplateWriter } from './types';

const writers: Readonly<Record<string, TemplateWriter>> = {
  tmpl_welcome_message: welcomeMessageWriter,
  tmpl_product_demo: productDemoWriter,
  tmpl_usage_recap: usageRecapWriter,
  tmpl_renewal_reminder: renewalReminderWriter,
};

export function writerFor(template: TemplateSpec): TemplateWriter {
  return writers[template.id] ?? genericTemplateWriter(template);
}
