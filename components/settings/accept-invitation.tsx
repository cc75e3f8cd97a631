'use client';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc-provider';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/input';
import { ACCOUNT_COOKIE } from '@/lib/constants';

/** Joins the invitation's account and opens it. */
export function AcceptInvitation({ token, accountName }: { token: string; accountName: string }) {
  const trpc = useTRPC();
  const accept = useMutation(
    trpc.team.accept.mutationOptions({
      onSuccess: ({ accountId }) => {
        document.cookie = `${ACCOUNT_COOKIE}=${encodeURIComponent(accountId)}; path=/; max-age=31536000; samesite=lax`;
        window.location.assign('/dashboard');
      },
    }),
  );
  return (
    <div>
      <Button type="button" onClick={() => accept.mutate({ token })} disabled={accept.isPending || accept.isSuccess}>
        Join {accountName}
      </Button>
      <FieldError message={accept.error?.message} />
    </div>
  );
}
