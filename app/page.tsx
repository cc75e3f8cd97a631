import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Logo } from '@/components/logo';
import { auth } from '@/server/auth/config';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const session = await auth();
  if (session?.user) redirect('/dashboard');
  return (
    <main className="mx-auto flex min-h-full max-w-5xl flex-col px-6">
      <header className="flex items-center justify-between py-6">
        <Logo className="text-lg" />
        <nav className="flex gap-3 text-sm">
          <Link href="/login" className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">
            Sign in
          </Link>
          <Link href="/signup" className="rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-500">
            Create account
          </Link>
        </nav>
      </header>
      <section className="flex flex-1 flex-col justify-center py-24">
        <h1 className="max-w-3xl text-5xl font-bold tracking-tight text-slate-900">
          Personalized video for every customer, on your own servers.
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-slate-600">
          Pick a template, send your customer&apos;s data, and Clipwright writes the message, renders the video,
          hosts it on a watch page and tells you how it was watched. Open source, self-hosted end to end.
        </p>
        <div className="mt-10 flex gap-4">
          <Link href="/signup" className="rounded-md bg-indigo-600 px-5 py-3 font-medium text-white hover:bg-indigo-500">
            Get started
          </Link>
          <Link href="/login" className="rounded-md px-5 py-3 font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-white">
            Sign in
          </Link>
        </div>
      </section>
    </main>
  );
}
