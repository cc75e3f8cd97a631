/** Registry of every domain's tables: drizzle-kit and the db client read this. */
export * from './users';
export * from './accounts';
export * from './api-keys';
export * from './projects';
