/**
 * Operator CLI: `npm run cli -- <command> [options]`. Works against
 * DATABASE_URL, or the embedded data dir when no other process holds it.
 */
import './load-dotenv';
import { parseArgs } from 'node:util';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { createAccountInput, signUpInput } from '../server/accounts/schemas';
import { createAccount, findUserByEmail, listAccountsForUser, signUp } from '../server/accounts/service';
import { createApiKey, createOAuth1Credentials, listApiKeys, revokeApiKey } from '../server/api-keys/service';
import { DataDirLockedError, openDb, type DbHandle } from '../server/db/client';
import { accounts, memberships } from '../server/db/schema';
import { dataDir, getEnv } from '../server/env';
import { AppError } from '../server/lib/errors';

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  migrate                                   apply pending database migrations
  user:create --email E --password P [--name N] [--account-name A]
                                            create a user and their first account
  account:create --email E --name N         add an account owned by an existing user
  accounts:list [--email E]                 list accounts (all, or one user's)
  key:create --account ID [--name N] [--oauth1]
                                            create an API key and print it (shown once); --oauth1:
                                            OAuth 1.0a credentials for X clients, acting as the account's owner
  keys:list --account ID                    list an account's API keys
  key:revoke --account ID --id KEY_ID       revoke an API key

Database: DATABASE_URL when set, else the embedded database in DATA_DIR (${process.env.DATA_DIR ?? '.data'}).`;

const options = {
  email: { type: 'string' },
  password: { type: 'string' },
  name: { type: 'string' },
  'account-name': { type: 'string' },
  account: { type: 'string' },
  id: { type: 'string' },
  json: { type: 'boolean' },
  oauth1: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function need(value: string | undefined, flag: string): string {
  if (!value) throw new AppError('validation_error', `--${flag} is required`);
  return value;
}

function table(rows: Array<Record<string, unknown>>) {
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  console.table(rows);
}

async function main() {
  const { values, positionals } = parseArgs({ options, allowPositionals: true, strict: true });
  const command = positionals[0];
  if (!command || values.help) {
    console.log(usage);
    process.exit(command ? 0 : 1);
  }
  const env = getEnv();
  let handle: DbHandle;
  try {
    handle = await openDb({ url: env.DATABASE_URL, pgliteDir: env.DATABASE_URL ? undefined : dataDir(), poolMax: 2 });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const { db } = handle;
  try {
    switch (command) {
      case 'migrate':
        console.log(`Migrations applied (${handle.driver}).`);
        break;
      case 'user:create': {
        const input = signUpInput.parse({
          email: values.email,
          password: values.password,
          name: values.name,
          account_name: values['account-name'],
        });
        const { user, account } = await signUp(db, input);
        console.log(`Created user ${user.email} (${user.id}) with account "${account.name}" (${account.id}).`);
        break;
      }
      case 'account:create': {
        const email = need(values.email, 'email');
        const user = await findUserByEmail(db, email);
        if (!user) throw new AppError('not_found', `No user with email ${email}`);
        const { name } = createAccountInput.parse({ name: values.name });
        const account = await createAccount(db, { userId: user.id, name });
        console.log(`Created account "${account.name}" (${account.id}) owned by ${user.email}.`);
        break;
      }
      case 'accounts:list': {
        if (values.email) {
          const user = await findUserByEmail(db, values.email);
          if (!user) throw new AppError('not_found', `No user with email ${values.email}`);
          table((await listAccountsForUser(db, { userId: user.id })).map((a) => ({ id: a.id, name: a.name, role: a.role })));
        } else {
          const rows = await db.select().from(accounts).orderBy(asc(accounts.createdAt));
          table(rows.map((a) => ({ id: a.id, name: a.name, created_at: a.createdAt.toISOString() })));
        }
        break;
      }
      case 'key:create': {
        const accountId = need(values.account, 'account');
        const [exists] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
        if (!exists) throw new AppError('not_found', `No account ${accountId}`);
        const name = z.string().trim().min(1).max(100).parse(values.name ?? 'CLI key');
        if (values.oauth1) {
          // OAuth 1.0a credentials act for a user: the account's first owner.
          const [owner] = await db
            .select({ userId: memberships.userId })
            .from(memberships)
            .where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'owner')))
            .orderBy(asc(memberships.createdAt))
            .limit(1);
          const { key, credentials } = await createOAuth1Credentials(db, { accountId, name, userId: owner?.userId ?? null });
          if (values.json) console.log(JSON.stringify({ id: key.id, ...credentials }));
          else {
            console.log(`Created OAuth 1.0a credentials "${key.name}" (${key.id}) for account ${accountId}. Store them now; they are not shown again:\n`);
            for (const [k, v] of Object.entries(credentials)) console.log(`${k.padEnd(20)} ${v}`);
          }
          break;
        }
        const { key, secret } = await createApiKey(db, { accountId, name });
        if (values.json) console.log(JSON.stringify({ id: key.id, key: secret }));
        else {
          console.log(`Created API key "${key.name}" (${key.id}) for account ${accountId}. Store it now; it is not shown again:\n`);
          console.log(secret);
        }
        break;
      }
      case 'keys:list': {
        const accountId = need(values.account, 'account');
        table(
          (await listApiKeys(db, { accountId })).map((k) => ({
            id: k.id,
            name: k.name,
            prefix: `${k.prefix}…`,
            kind: k.kind,
            created: k.createdAt.toISOString(),
            last_used: k.lastUsedAt?.toISOString() ?? 'never',
            revoked: k.revokedAt?.toISOString() ?? '',
          })),
        );
        break;
      }
      case 'key:revoke': {
        const key = await revokeApiKey(db, { accountId: need(values.account, 'account'), id: need(values.id, 'id') });
        console.log(`Revoked ${key.id} (${key.name}).`);
        break;
      }
      default:
        console.error(`Unknown command: ${command}\n\n${usage}`);
        process.exitCode = 1;
    }
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof z.ZodError) {
    for (const issue of err.issues) console.error(`--${String(issue.path[0] ?? 'input').replace('_', '-')}: ${issue.message}`);
  } else if (err instanceof AppError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
