import { TeamManager } from '@/components/settings/team-manager';

export const metadata = { title: 'Team' };

export default function TeamPage() {
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
        <p className="mt-1 text-slate-600">
          Everyone here makes videos and uses the library. Owners and admins also manage API keys, webhooks, the brand kit and the
          team; owners change roles.
        </p>
      </div>
      <TeamManager />
    </div>
  );
}
