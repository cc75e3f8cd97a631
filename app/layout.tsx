import type { Metadata } from 'next';
// Emoji in scripts and titles draw on machines without a colour emoji font (the fallback at the end of --font-sans);
// served from this app, split by unicode-range so a page loads only the ranges it shows.
import '@fontsource/noto-emoji/400.css';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Clipwright', template: '%s · Clipwright' },
  description: 'Open, self-hostable personalized video platform.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
