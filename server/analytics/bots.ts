/** Crawlers, link unfurlers and headless browsers do not count as views. */
const BOT_UA =
  /bot\b|bot\/|crawl|spider|slurp|facebookexternalhit|embedly|preview|headless|phantomjs|puppeteer|playwright|lighthouse|curl\/|wget\/|python-requests|httpclient|go-http-client|java\/|okhttp|node-fetch|undici/i;

export function isBot(userAgent: string | null): boolean {
  if (!userAgent || userAgent.length < 10) return true;
  return BOT_UA.test(userAgent);
}
