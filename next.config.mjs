/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native / WASM / binary-spawning packages must stay out of the bundle: webpack- or
  // Turbopack-bundled PGlite fails at its first query, Remotion's renderer and bundler
  // reach for esbuild and optional platform binaries.
  serverExternalPackages: [
    '@electric-sql/pglite',
    '@node-rs/argon2',
    '@remotion/renderer',
    '@remotion/bundler',
    '@sparticuz/chromium',
  ],
  poweredByHeader: false,
};

export default nextConfig;
