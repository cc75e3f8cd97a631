/** Input and output shapes of API keys, shared by tRPC and the CLI. */
import { z } from 'zod';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  /** `oauth1`: OAuth 1.0a credentials for X clients (consumer key and secret, access token and secret). */
  kind: z.enum(['bearer', 'oauth1']).default('bearer'),
});

export const revokeApiKeyInput = z.object({
  id: z.string().min(1).max(64),
});

/** What may be shown about a key: never its hash. */
export const apiKeyOutput = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  kind: z.enum(['bearer', 'oauth1']),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export type ApiKeyOutput = z.infer<typeof apiKeyOutput>;

/** The four values an OAuth 1.0a client is configured with, shown once. */
export interface OAuth1Credentials {
  consumer_key: string;
  consumer_secret: string;
  access_token: string;
  access_token_secret: string;
}
