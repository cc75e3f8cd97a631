'use client';
import { Check, ChevronsUpDown, Clapperboard, Film, KeyRound, Layers, LayoutDashboard, LogOut, Menu, Palette, Plus, Settings, Users, Webhook, X } from 'lucide-react';
import { signOut } from 'next-auth/react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Logo } from '@/components/logo';
import { useTRPC } from '@/components/trpc-provider';
import { ACCOUNT_COOKIE } from '@/lib/constants';
import { cn } from '@/lib/utils';
import { useMutation } from '@tanstack/react-query';

interface AccountItem {
  id: string;
  name: string;
  role: string;
}

const nav = [
  { href: '/dashboard', label: 'Dashboard', icon: LayoutDashboard },
  { href: '/videos', label: 'Videos', icon: Film },
  { href: '/batches', label: 'Batches', icon: Layers },
  { href: '/library', label: 'Library', icon: Clapperboard },
  { href: '/settings/brand', label: 'Brand', icon: Palette },
  { href: '/settings/team', label: 'Team', icon: Users },
  { href: '/settings/api-keys', label: 'API keys', icon: KeyRound },
  { href: '/settings/webhooks', label: 'Webhooks', icon: Webhook },
  { href: '/settings/account', label: 'Account', icon: Settings },
];

function switchAccount(id: string) {
  document.cookie = `${ACCOUNT_COOKIE}=${encodeURIComponent(id)}; path=/; max-age=31536000; samesite=lax`;
  // A full reload resets every cached query of the previous account.
  window.location.assign('/dashboard');
}

function AccountSwitcher({ account, accounts }: { account: AccountItem | null; accounts: AccountItem[] }) {
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const trpc = useTRPC();
  const create = useMutation(trpc.account.create.mutationOptions({ onSuccess: (a) => switchAccount(a.id) }));

  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  useEffect(() => {
    if (!open) return;
    // Escape closes the list (only the list: a drawer around it stays open) and gives focus back to its button.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [open]);

  return (
    <div ref={ref} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        data-testid="account-switcher"
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center justify-between rounded-lg bg-white px-3 py-2 text-left text-sm shadow-sm ring-1 ring-slate-200 hover:bg-slate-50"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium text-slate-900">{account?.name ?? 'No account'}</span>
          <span className="block truncate text-xs text-slate-500">{account?.id}</span>
        </span>
        <ChevronsUpDown className="h-4 w-4 shrink-0 text-slate-400" />
      </button>
      {open && (
        <div className="absolute z-20 mt-1 w-full rounded-lg bg-white py-1 shadow-lg ring-1 ring-slate-200">
          <ul role="listbox" className="max-h-64 overflow-auto">
            {accounts.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  role="option"
                  aria-selected={a.id === account?.id}
                  onClick={() => switchAccount(a.id)}
                  className="flex w-full items-center justify-between px-3 py-2 text-left text-sm hover:bg-slate-50"
                >
                  <span className="truncate">{a.name}</span>
                  {a.id === account?.id && <Check className="h-4 w-4 text-indigo-600" />}
                </button>
              </li>
            ))}
          </ul>
          <div className="border-t border-slate-100 p-2">
            {creating ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  create.mutate({ name });
                }}
                className="flex gap-2"
              >
                <input
                  autoFocus
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="Account name"
                  className="min-w-0 flex-1 rounded-md px-2 py-1 text-sm ring-1 ring-slate-300"
                />
                <button type="submit" className="rounded-md bg-indigo-600 px-2 text-sm text-white" disabled={create.isPending}>
                  Add
                </button>
              </form>
            ) : (
              <button
                type="button"
                onClick={() => setCreating(true)}
                className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-50"
              >
                <Plus className="h-4 w-4" /> New account
              </button>
            )}
            {create.error && <p className="mt-1 text-xs text-red-600">{create.error.message}</p>}
          </div>
        </div>
      )}
    </div>
  );
}

type ShellUser = { email: string; name: string | null };

/** Logo, account switcher, navigation and the signed-in user: the sidebar on wide screens, the drawer on phones. */
function SidebarContent({ user, account, accounts }: { user: ShellUser; account: AccountItem | null; accounts: AccountItem[] }) {
  const pathname = usePathname();
  const router = useRouter();
  return (
    <>
      <Link href="/dashboard" className="self-start px-2">
        <Logo />
      </Link>
      <div className="mt-6">
        <AccountSwitcher account={account} accounts={accounts} />
      </div>
      <nav className="mt-6 flex-1 space-y-1" aria-label="Main">
        {nav.map(({ href, label, icon: Icon }) => {
          const active = pathname === href || pathname.startsWith(`${href}/`);
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? 'page' : undefined}
              className={cn(
                'flex items-center gap-3 rounded-md px-2 py-2 text-sm font-medium',
                active ? 'bg-white text-indigo-700 shadow-sm ring-1 ring-slate-200' : 'text-slate-700 hover:bg-white',
              )}
            >
              <Icon className="h-4 w-4" aria-hidden />
              {label}
            </Link>
          );
        })}
      </nav>
      <div className="border-t border-slate-200 pt-4">
        <p className="truncate px-2 text-sm font-medium text-slate-900">{user.name ?? user.email}</p>
        {user.name && <p className="truncate px-2 text-xs text-slate-500">{user.email}</p>}
        <button
          type="button"
          onClick={async () => {
            await signOut({ redirect: false });
            router.push('/login');
            router.refresh();
          }}
          className="mt-3 flex w-full items-center gap-2 rounded-md px-2 py-2 text-sm text-slate-700 hover:bg-white"
        >
          <LogOut className="h-4 w-4" aria-hidden /> Sign out
        </button>
      </div>
    </>
  );
}

/**
 * The navigation drawer below the `lg` breakpoint: a modal <dialog>, so the
 * browser traps focus inside it, makes the page behind it inert and closes
 * it on Escape. A tap on the backdrop or a navigation closes it too.
 */
function MobileDrawer({ open, onClose, children }: { open: boolean; onClose: () => void; children: React.ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      id="app-drawer"
      aria-label="Menu"
      data-testid="app-drawer"
      onClose={onClose}
      onClick={(e) => {
        // The dialog element itself is only hit outside its panel: on the backdrop.
        if (e.target === e.currentTarget) onClose();
      }}
      className="m-0 h-full max-h-none w-72 max-w-[85vw] bg-transparent p-0 backdrop:bg-slate-900/40 lg:hidden"
    >
      <div className="relative flex h-full flex-col border-r border-slate-200 bg-slate-50 px-4 py-5">
        <button
          type="button"
          onClick={onClose}
          aria-label="Close menu"
          className="absolute right-3 top-4 rounded-md p-2 text-slate-500 hover:bg-white hover:text-slate-900"
        >
          <X className="h-5 w-5" aria-hidden />
        </button>
        {children}
      </div>
    </dialog>
  );
}

export function AppShell({
  user,
  account,
  accounts,
  children,
}: {
  user: ShellUser;
  account: AccountItem | null;
  accounts: AccountItem[];
  children: React.ReactNode;
}) {
  const pathname = usePathname();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  // A navigation from inside the drawer closes it, and so does a window grown past the breakpoint (the sidebar shows).
  useEffect(() => setDrawerOpen(false), [pathname]);
  useEffect(() => {
    const wide = window.matchMedia('(min-width: 1024px)');
    const onChange = () => wide.matches && setDrawerOpen(false);
    wide.addEventListener('change', onChange);
    return () => wide.removeEventListener('change', onChange);
  }, []);
  const closeDrawer = () => {
    if (!drawerOpen) return;
    setDrawerOpen(false);
    menuButton.current?.focus();
  };
  return (
    <div className="min-h-full">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow ring-1 ring-slate-200 focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50"
      >
        Skip to content
      </a>
      <aside className="fixed inset-y-0 left-0 hidden w-64 flex-col border-r border-slate-200 bg-slate-50/80 px-4 py-5 lg:flex">
        <SidebarContent user={user} account={account} accounts={accounts} />
      </aside>
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-slate-200 bg-white/90 px-4 backdrop-blur lg:hidden">
        <Link href="/dashboard" aria-label="Clipwright dashboard">
          <Logo />
        </Link>
        <button
          ref={menuButton}
          type="button"
          onClick={() => setDrawerOpen(true)}
          aria-label="Open menu"
          aria-expanded={drawerOpen}
          aria-controls="app-drawer"
          data-testid="menu-button"
          className="rounded-md p-2 text-slate-700 hover:bg-slate-100"
        >
          <Menu className="h-5 w-5" aria-hidden />
        </button>
      </header>
      <MobileDrawer open={drawerOpen} onClose={closeDrawer}>
        {/* Mounted only while open: the page never holds two copies of the navigation and the switcher. */}
        {drawerOpen && <SidebarContent user={user} account={account} accounts={accounts} />}
      </MobileDrawer>
      <main id="main" tabIndex={-1} className="min-w-0 px-4 py-6 outline-none sm:px-6 lg:ml-64 lg:px-10 lg:py-8">
        {children}
      </main>
    </div>
  );
}
