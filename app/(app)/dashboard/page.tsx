import { headers } from 'next/headers';
import Link from 'next/link';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { RecentVideos } from '@/components/videos/recent-videos';
import { originFromHeaders } from '@/server/lib/urls';

export const metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  // The address this app was reached at (or APP_URL), so the example runs as pasted.
  const origin = originFromHeaders(await headers());
  return (
    <div className="max-w-4xl space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Welcome to Clipwright</h1>
        <p className="mt-1 text-slate-600">Create personalized videos from templates and your customers&apos; data.</p>
      </div>
      <RecentVideos />
      <Card>
        <CardHeader>
          <CardTitle>Get started with the API</CardTitle>
        </CardHeader>
        <CardContent className="space-y-4 text-sm text-slate-700">
          <ol className="list-decimal space-y-2 pl-5">
            <li>
              <Link href="/settings/api-keys" className="font-medium text-indigo-600 hover:underline">
                Create an API key
              </Link>{' '}
              and copy it: it is shown once.
            </li>
            <li>Call the REST API with it as a bearer token:</li>
          </ol>
          <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs leading-relaxed text-slate-100">
            {`curl -H "Authorization: Bearer cwk_…" \\
  ${origin}/api/v1/projects`}
          </pre>
        </CardContent>
      </Card>
    </div>
  );
}
