/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native / WASM / binary-spawning packages must stay out of the bundle: webpack- or
  // Turbopack-bundled PGlite fails at its first query, Remotion's renderer and bundler
  // reach for esbuild and optional platform binaries.
  // drizzle-orm and postgres stay out too: bundled, drizzle was split over several chunks, so its
  // `is()` entity checks missed `instanceof` and walked prototype chains for every field of every
  // row read (a third of the CPU of a 50-row list under load; docs/benchmarks.md, "API").
  serverExternalPackages: [
    'drizzle-orm',
    'postgres',
    '@electric-sql/pglite',
    '@node-rs/argon2',
    '@remotion/renderer',
    '@remotion/bundler',
    '@sparticuz/chromium',
  ],
  poweredByHeader: false,
};

export default nextConfig;
