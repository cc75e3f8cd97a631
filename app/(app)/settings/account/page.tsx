import { AccountSettings } from '@/components/settings/account-settings';

export const metadata = { title: 'Account' };

export default function AccountPage() {
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
      <AccountSettings />
    </div>
  );
}
