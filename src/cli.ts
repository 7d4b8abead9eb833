import type { AddressInfo } from 'node:net';
import { openPGlite } from './db/connection.js';
import { seedDemoYard } from './db/demo-seed.js';
import { migrate } from './db/migrate.js';
import { ConfigError, loadConfig } from './server/config.js';
import { openDatabase, type Runtime, startRuntime } from './server/runtime.js';

const USAGE = `Usage: slipway <command>

  start    web server and worker in one process, with the demo yard (what npm start runs)
  web      web server only (needs DATABASE_URL: PGlite cannot be shared between processes)
  worker   background worker only (needs DATABASE_URL)
  migrate  apply database migrations and exit
  seed     create the demo yard if it is missing and exit
`;

export const DEMO_SIGN_IN = { email: 'staff@harborpoint.test', password: 'harbor-point-demo' };

function onShutdown(runtime: Runtime) {
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(command: string | undefined) {
  const config = loadConfig();
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
      onShutdown(runtime);
      const port = (runtime.app!.server.address() as AddressInfo).port;
      const base = `http://localhost:${port}`;
      console.log(`
  Slipway is running.

    Dashboard  ${base}/app   (sign in: ${DEMO_SIGN_IN.email} / ${DEMO_SIGN_IN.password})
    Portal     ${base}/portal/harbor-point
    Mailbox    ${runtime.mailCatcherUrl ? `${base}/mailbox   (mail caught by the built-in SMTP server at ${runtime.mailCatcherUrl})` : `off: mail goes to SMTP_URL`}
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
      onShutdown(runtime);
      console.log(`slipway ${command} started`);
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
