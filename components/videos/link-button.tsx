/**
 * A link that looks like `Button` (an <a> must not wrap a <button>). Same
 * variants as components/ui/button.tsx, for navigation actions.
 */
import Link from 'next/link';
import { cn } from '@/lib/utils';

const variants = {
  default: 'bg-indigo-600 text-white hover:bg-indigo-500 shadow-sm',
  secondary: 'bg-white text-slate-900 ring-1 ring-inset ring-slate-300 hover:bg-slate-50',
  ghost: 'text-slate-700 hover:bg-slate-100',
} as const;
const sizes = { sm: 'h-8 px-3 text-sm', md: 'h-10 px-4 text-sm', lg: 'h-11 px-6 text-base' } as const;

export function LinkButton({
  href,
  variant = 'default',
  size = 'md',
  className,
  external,
  ...props
}: Omit<React.AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  href: string;
  variant?: keyof typeof variants;
  size?: keyof typeof sizes;
  /** Plain <a> (new tab, downloads, other origins) instead of client-side navigation. */
  external?: boolean;
}) {
  const cls = cn(
    'inline-flex items-center justify-center gap-2 rounded-md font-medium transition-colors',
    'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
    variants[variant],
    sizes[size],
    className,
  );
  return external ? <a href={href} className={cls} {...props} /> : <Link href={href} className={cls} {...props} />;
}
