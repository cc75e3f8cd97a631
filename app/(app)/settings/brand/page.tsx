import { BrandKitForm } from '@/components/settings/brand-kit-form';

export const metadata = { title: 'Brand' };

export default function BrandPage() {
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Brand</h1>
        <p className="mt-1 text-slate-600">
          Defaults for every new video of this account (from the app and the API), and who the watch page says sent it.
          A request's own <code className="rounded bg-slate-100 px-1">brand_color</code>, <code className="rounded bg-slate-100 px-1">logo_url</code> or{' '}
          <code className="rounded bg-slate-100 px-1">cta_url</code> wins; videos already made keep the kit they were made with.
        </p>
      </div>
      <BrandKitForm />
    </div>
  );
}
