/** Registry of every domain's tables: drizzle-kit and the db client read this. */
export * from './users';
export * from './accounts';
export * from './api-keys';
export * from './projects';
export * from './jobs';
export * from './media';
export * from './videos';
export * from './analytics';
export * from './rate-limits';
export * from './webhooks';
