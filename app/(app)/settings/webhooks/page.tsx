import { WebhooksManager } from '@/components/webhooks/webhooks-manager';

export const metadata = { title: 'Webhooks' };

export default function WebhooksPage() {
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
        <p className="mt-1 text-slate-600">
          Get a signed HTTP POST whenever a video or an uploaded file changes status. Requests follow{' '}
          <a href="https://www.standardwebhooks.com" className="text-indigo-600 underline hover:text-indigo-800" target="_blank" rel="noreferrer">
            Standard Webhooks
          </a>
          : check the <code className="rounded bg-slate-100 px-1">webhook-signature</code> header with the endpoint’s secret (e.g. with the{' '}
          <code className="rounded bg-slate-100 px-1">standardwebhooks</code> library). Only a 2xx answer counts; failed deliveries are
          retried for about three days.
        </p>
      </div>
      <WebhooksManager />
    </div>
  );
}
