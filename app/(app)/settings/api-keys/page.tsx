import { ApiKeysManager } from '@/components/settings/api-keys-manager';

export const metadata = { title: 'API keys' };

export default function ApiKeysPage() {
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
        <p className="mt-1 text-slate-600">
          Keys act for this account on the REST API. Send one as <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;key&gt;</code>;
          X clients that sign with OAuth 1.0a take the four values of an <em>OAuth 1.0a</em> key instead.
        </p>
      </div>
      <ApiKeysManager />
    </div>
  );
}
