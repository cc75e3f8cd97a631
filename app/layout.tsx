import type { Metadata } from 'next';
import { headers } from 'next/headers';
// Emoji in scripts and titles draw on machines without a colour emoji font (the fallback at the end of --font-sans);
// served from this app, split by unicode-range so a page loads only the ranges it shows.
import '@fontsource/noto-emoji/400.css';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Clipwright', template: '%s · Clipwright' },
  description: 'Open, self-hostable personalized video platform.',
};

/**
 * Every page renders per request: the Content-Security-Policy nonce (proxy.ts) is new each time and
 * Next.js puts it on the scripts only when it renders the page for that request.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await headers();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
