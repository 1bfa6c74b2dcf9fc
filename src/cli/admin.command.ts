import type { Command } from 'commander';
import { cliActor } from '../platform/audit/audit.ts';
import { createApiToken } from '../platform/auth/api-tokens.ts';
import { PERMISSIONS, ROLES, type Permission, type Role } from '../platform/auth/permissions.ts';
import { createUser } from '../platform/auth/users.ts';
import { migrate } from '../platform/db/migrate.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { commaList } from './arguments.ts';
import { withDatabase } from './database.ts';
import { CliError } from './import.command.ts';

export function registerAdminCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema up to date (also done at every start)')
    .action(async () => {
      const applied = await withDatabase((db) => migrate(db));
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the schema is up to date');
    });

  const users = program.command('users').description('console users');
  users
    .command('create')
    .description('create a user; the password is read from REBOUND_NEW_PASSWORD so it stays out of the shell history')
    .requiredOption('--email <email>', 'e-mail (the login)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`, commaList)
    .action(async (flags: { email: string; name: string; roles: string[] }) => {
      const password = process.env.REBOUND_NEW_PASSWORD;
      if (!password) throw new CliError('set REBOUND_NEW_PASSWORD to the new user\'s password');
      const unknown = flags.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (unknown.length) throw new CliError(`unknown roles: ${unknown.join(', ')} (choose from ${ROLES.join(', ')})`);
      const user = await withDatabase((db) => createUser(db, cliActor(), { ...flags, roles: flags.roles as Role[], password })).catch(rethrowAsCliError);
      console.log(`created user ${user.id} ${user.email} (${user.roles.join(', ')})`);
    });

  const tokens = program.command('tokens').description('API tokens for integrations');
  tokens
    .command('create')
    .description('create an API token (printed once; only its hash is stored)')
    .requiredOption('--name <name>', 'what the token is for, e.g. "till integration"')
    .requiredOption('--scopes <scopes>', `comma-separated: ${PERMISSIONS.join(', ')}`, commaList)
    .action(async (flags: { name: string; scopes: string[] }) => {
      // Whoever runs the CLI on the server holds every permission already.
      const operator = { kind: 'token' as const, tokenId: 0, name: 'cli', permissions: new Set<Permission>(PERMISSIONS) };
      const created = await withDatabase((db) => createApiToken(db, operator, cliActor(), { name: flags.name, scopes: flags.scopes as Permission[] })).catch(rethrowAsCliError);
      console.log(created.token);
    });
}

function rethrowAsCliError(error: unknown): never {
  if (error instanceof AppError) throw new CliError(error.message);
  throw error;
}
