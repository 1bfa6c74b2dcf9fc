import { Command, CommanderError } from 'commander';
import { ConfigError } from '../platform/config/config.ts';
import { DataDirLockedError } from '../platform/db/data-dir-lock.ts';
import { registerAdminCommands } from './admin.command.ts';
import { registerDemoCommand } from './demo.command.ts';
import { CliError, registerImportCommand } from './import.command.ts';
import { registerWinbackCommands } from './winback.command.ts';

const program = new Command('rebound')
  .description('Rebound: turn customer crises into loyalty. Works on the embedded database, or on PostgreSQL with DATABASE_URL.')
  .showHelpAfterError()
  .exitOverride();

registerImportCommand(program);
registerDemoCommand(program);
registerAdminCommands(program);
registerWinbackCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof CliError || error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(`rebound: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error('rebound: unexpected failure:', error);
    process.exitCode = 3;
  }
}
