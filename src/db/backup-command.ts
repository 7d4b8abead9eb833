import type { Config } from '../server/config.js';
import { BackupError, backupDataDir, restoreDataDir, serverBackupAdvice } from './backup.js';
import { DataDirInUseError } from './data-dir-lock.js';

/** `slipway backup FILE [--force]` and `slipway restore FILE [--force]`; returns the exit code. */
export async function runBackupCommand(
  command: 'backup' | 'restore',
  args: string[],
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<number> {
  const force = args.includes('--force');
  const rest = args.filter((a) => a !== '--force');
  if (rest.length !== 1 || rest[0].startsWith('-')) {
    console.error(`Usage: slipway ${command} FILE [--force]`);
    return 1;
  }
  const file = rest[0];
  if (config.databaseUrl) {
    console.error(serverBackupAdvice(command, file));
    return 1;
  }
  try {
    if (command === 'backup') {
      const { bytes } = await backupDataDir(config.dataDir, file, { force });
      console.log(
        `Backed up the embedded database in ${config.dataDir} to ${file} (${(bytes / 1e6).toFixed(1)} MB).`,
      );
    } else {
      const { kept } = await restoreDataDir(file, config.dataDir, { force });
      console.log(`Restored ${file} into ${config.dataDir}.`);
      if (kept)
        console.log(`The database that was there is kept in ${kept}; delete it once you are satisfied.`);
      console.log('Start Slipway as usual; it applies any newer migrations at start.');
    }
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError || err instanceof DataDirInUseError)) throw err;
    console.error(err.message);
    return 1;
  }
}
