/**
 * The `.env` files, read as `next start` reads them (`@next/env`: `.env.production.local`,
 * `.env.local`, `.env.production`, `.env`; variables already set win), for the processes Next
 * does not start: `npm run worker` and the CLI. Imported first by each.
 */
import nextEnv from '@next/env';

nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
