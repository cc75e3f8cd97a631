/** Status badges of the Webhooks page: endpoint health, delivery status, attempt outcome. */
import { CircleAlert, CircleCheck, CircleOff, Clock, LoaderCircle, TriangleAlert, Unplug } from 'lucide-react';
import { cn } from '@/lib/utils';
import type { AttemptOutput, DeliveryOutput, WebhookEndpointOutput } from '@/server/webhooks/schemas';

type Tone = { label: string; className: string; icon: typeof CircleCheck };

const GREEN = 'bg-emerald-50 text-emerald-700 ring-emerald-200';
const AMBER = 'bg-amber-50 text-amber-800 ring-amber-200';
const RED = 'bg-red-50 text-red-700 ring-red-200';
const GREY = 'bg-slate-100 text-slate-700 ring-slate-200';

function Badge({ tone, testId, value, spin }: { tone: Tone; testId: string; value: string; spin?: boolean }) {
  const Icon = tone.icon;
  return (
    <span
      data-testid={testId}
      data-status={value}
      className={cn('inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset', tone.className)}
    >
      <Icon className={cn('h-3.5 w-3.5', spin && 'animate-spin')} aria-hidden />
      {tone.label}
    </span>
  );
}

const DISABLED_LABELS: Record<NonNullable<WebhookEndpointOutput['disabled_reason']>, string> = {
  manual: 'Disabled',
  endpoint_gone: 'Disabled: 410 Gone',
  failing: 'Disabled: failing',
};

export function EndpointStatusBadge({ endpoint }: { endpoint: WebhookEndpointOutput }) {
  const tone: Tone =
    endpoint.status === 'enabled'
      ? { label: 'Enabled', className: GREEN, icon: CircleCheck }
      : endpoint.status === 'failing'
        ? { label: 'Failing', className: AMBER, icon: TriangleAlert }
        : {
            label: DISABLED_LABELS[endpoint.disabled_reason ?? 'manual'],
            className: endpoint.disabled_reason === 'manual' ? GREY : RED,
            icon: endpoint.disabled_reason === 'endpoint_gone' ? Unplug : CircleOff,
          };
  return <Badge tone={tone} testId="endpoint-status" value={endpoint.status} />;
}

export function DeliveryStatusBadge({ delivery }: { delivery: DeliveryOutput }) {
  const retrying = delivery.status === 'pending' && delivery.attempt_count > 0;
  const tone: Tone =
    delivery.status === 'succeeded'
      ? { label: 'Delivered', className: GREEN, icon: CircleCheck }
      : delivery.status === 'failed'
        ? { label: 'Failed', className: RED, icon: CircleAlert }
        : retrying
          ? { label: 'Retrying', className: AMBER, icon: Clock }
          : { label: 'Sending', className: GREY, icon: LoaderCircle };
  return <Badge tone={tone} testId="delivery-status" value={delivery.status} spin={delivery.status === 'pending' && !retrying} />;
}

export function AttemptOutcomeBadge({ attempt }: { attempt: AttemptOutput }) {
  const tone: Tone = {
    succeeded: { label: 'Succeeded', className: GREEN, icon: CircleCheck },
    failed: { label: 'Failed', className: RED, icon: CircleAlert },
    interrupted: { label: 'Interrupted', className: AMBER, icon: TriangleAlert },
    in_flight: { label: 'Sending', className: GREY, icon: LoaderCircle },
  }[attempt.outcome];
  return <Badge tone={tone} testId="attempt-outcome" value={attempt.outcome} spin={attempt.outcome === 'in_flight'} />;
}
