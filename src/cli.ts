import type { AddressInfo } from 'node:net';
import { runBackupCommand } from './db/backup-command.js';
import { openPGlite } from './db/connection.js';
import { seedDemoYard } from './db/demo-seed.js';
import { migrate } from './db/migrate.js';
import {
  parseYardCreateArgs,
  runYardCreate,
  YARD_CREATE_USAGE,
} from './modules/yards/yard-create-command.js';
import { ConfigError, loadConfig } from './server/config.js';
import { AppError } from './server/errors.js';
import { logger } from './server/logger.js';
import { surviveDatabaseOutages } from './server/process-guards.js';
import { openDatabase, startRuntime } from './server/runtime.js';
import { stopOnSignals } from './server/shutdown.js';

const USAGE = `Usage: slipway <command>

  start    web server and worker in one process, with the demo yard (what npm start runs)
  web      web server only (needs DATABASE_URL: PGlite cannot be shared between processes)
  worker   background worker only (needs DATABASE_URL)
  migrate  apply database migrations and exit
  seed     create the demo yard if it is missing and exit
  backup FILE [--force]   write the embedded database (DATA_DIR) to FILE, a .tar.gz
  restore FILE [--force]  load FILE into DATA_DIR, which must be empty (--force keeps the old one
           beside it); stop \`slipway start\` first. With DATABASE_URL both print the pg_dump/pg_restore commands
  yard create --name "…" --slug … --owner-email … [--owner-name "…"]
           create a yard and email its owner a link to pick a password
           (with the embedded database, stop \`slipway start\` first)
`;

export const DEMO_SIGN_IN = { email: 'staff@harborpoint.test', password: 'harbor-point-demo' };

async function main(command: string | undefined) {
  const config = loadConfig();
  // A PostgreSQL restart must not end a long-running process (docs/operations.md).
  if (command === 'start' || command === 'web' || command === 'worker') surviveDatabaseOutages();
  switch (command) {
    case 'start': {
      const runtime = await startRuntime(
        config,
        { web: true, worker: true },
        {
          beforeServe: async (deps) => {
            const seeded = await seedDemoYard(deps.database.db);
            if (seeded.created) console.log('Created the demo yard "Harbor Point Marine".');
          },
        },
      );
      stopOnSignals(runtime, config);
      const port = (runtime.app!.server.address() as AddressInfo).port;
      const base = `http://localhost:${port}`;
      console.log(`
  Slipway is running.

    Dashboard  ${base}/app   (sign in: ${DEMO_SIGN_IN.email} / ${DEMO_SIGN_IN.password})
    Portal     ${base}/portal/harbor-point
    Mailbox    ${runtime.mailCatcherUrl ? `${base}/mailbox   (mail caught by the built-in SMTP server at ${runtime.mailCatcherUrl})` : `off: mail goes to SMTP_URL`}
    Metrics    ${runtime.metricsUrl ?? 'off (set METRICS_PORT)'}
    Database   ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}
`);
      return;
    }
    case 'web':
    case 'worker': {
      if (!config.databaseUrl) {
        throw new ConfigError([
          `DATABASE_URL: "slipway ${command}" runs as a separate process and needs a PostgreSQL server; use "slipway start" for the embedded database`,
        ]);
      }
      const runtime = await startRuntime(config, { web: command === 'web', worker: command === 'worker' });
      stopOnSignals(runtime, config);
      const address = runtime.app?.server.address() as AddressInfo | undefined;
      // Printed whatever LOG_LEVEL says: process managers and tests wait for this line.
      console.log(`slipway ${command} started${address ? ` on http://${config.host}:${address.port}` : ''}`);
      logger().info({ role: command, metrics: runtime.metricsUrl }, `slipway ${command} started`);
      return;
    }
    case 'migrate': {
      const database = config.databaseUrl ? await openDatabase(config) : await openPGlite(config.dataDir);
      const applied = await migrate(database);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      await database.close();
      return;
    }
    case 'seed': {
      const database = await openDatabase(config);
      await migrate(database);
      const r = await seedDemoYard(database.db);
      console.log(r.created ? 'Created the demo yard.' : 'The demo yard already exists.');
      await database.close();
      return;
    }
    case 'backup':
    case 'restore': {
      process.exitCode = await runBackupCommand(command, process.argv.slice(3), config);
      return;
    }
    case 'yard': {
      const parsed = parseYardCreateArgs(process.argv.slice(4));
      if (process.argv[3] !== 'create' || !parsed.ok) {
        if (process.argv[3] === 'create' && !parsed.ok)
          console.error(parsed.problems.map((p) => `  - ${p}`).join('\n'));
        console.error(YARD_CREATE_USAGE);
        process.exitCode = 1;
        return;
      }
      // The worker role sends the owner's email (through the built-in catcher without SMTP_URL).
      const runtime = await startRuntime(config, { web: false, worker: true });
      try {
        const r = await runYardCreate(runtime.deps, parsed.input);
        console.log(`Created the yard "${r.yard.name}" (${r.yard.slug}) and its owner ${r.owner.email}.
  ${r.mailed ? `An email with a link to pick a password went to ${r.owner.email}` : `The email with a link to pick a password is queued; a running worker sends it to ${r.owner.email}`} (the link works for 7 days).
  Dashboard  ${config.publicUrl}/app
  Portal     ${config.publicUrl}/portal/${r.yard.slug}`);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        console.error(err.message);
        process.exitCode = 1;
      } finally {
        await runtime.stop();
      }
      return;
    }
    default:
      console.log(USAGE);
      process.exitCode = command ? 1 : 0;
  }
}

main(process.argv[2]).catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('Slipway could not start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
