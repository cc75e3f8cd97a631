/** Shared data for the messaging tests: the seed's Sarah example. */
import type { AiMessagingInput } from '@/server/messaging/schemas';

export const SARAH = {
  first_name: 'Sarah',
  last_name: 'Johnson',
  company: 'Acme Inc.',
  product_tier: 'Enterprise',
  usage_stats: { logins: 12, features_used: ['dashboard', 'reports', 'analytics'] },
} as const;

export const SARAH_MESSAGING: AiMessagingInput = { tone: 'professional', length: 'medium', focus_points: ['product_benefits', 'next_steps'] };

/** Things that must never reach the screen. */
export const LEAKS = /undefined|\bnull\b|NaN|[{}]|\[object/;
