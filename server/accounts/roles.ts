/**
 * What a membership role may do (the table in accounts/team.ts): one check
 * for every service and transport, so a rule is never written twice.
 */
import type { MembershipRole } from '../db/schema';
import { AppError } from '../lib/errors';

const rank: Record<MembershipRole, number> = { member: 0, admin: 1, owner: 2 };

/** Throws 403 naming the action unless `role` is at least `needed`. */
export function requireRole(role: MembershipRole, needed: MembershipRole, what: string): void {
  if (rank[role] < rank[needed]) {
    throw new AppError('forbidden', `Only ${needed === 'owner' ? 'owners' : 'owners and admins'} can ${what}`);
  }
}
