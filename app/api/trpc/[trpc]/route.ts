import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { auth } from '@/server/auth/config';
import { getDb } from '@/server/db/client';
import { appOrigin } from '@/server/lib/urls';
import { accountIdFromRequest } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';

export const dynamic = 'force-dynamic';

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => {
      const session = await auth();
      return {
        db: await getDb(),
        user: session?.user?.id ? { id: session.user.id, email: session.user.email, name: session.user.name } : null,
        accountIdHint: accountIdFromRequest(req.headers),
        origin: appOrigin(req),
      };
    },
  });

export { handler as GET, handler as POST };
