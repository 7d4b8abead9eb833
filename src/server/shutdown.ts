import type { Config } from './config.js';
import type { Runtime } from './runtime.js';

/**
 * SIGTERM or SIGINT: a graceful stop within `SHUTDOWN_TIMEOUT_SECONDS`. The process stops
 * accepting connections, finishes the requests, jobs and batch steps in flight, releases
 * its bulk-invite and import leases (another worker resumes them at once) and exits 0.
 * Past the deadline it logs what was left and exits 1; a second signal exits 1 at once.
 */
export function stopOnSignals(
  runtime: Pick<Runtime, 'stop' | 'unfinished'>,
  config: Pick<Config, 'shutdownTimeoutSeconds' | 'logLevel'>,
  exit: (code: number) => void = (code) => process.exit(code),
) {
  const quiet = ['silent', 'fatal', 'error', 'warn'].includes(config.logLevel);
  const info = (msg: string) => quiet || console.log(`[shutdown] ${msg}`);
  const error = (msg: string) => config.logLevel === 'silent' || console.error(`[shutdown] ${msg}`);
  const seconds = config.shutdownTimeoutSeconds;
  let stopping = false;

  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      error(`${signal} again: exiting without waiting; left: ${describe(runtime.unfinished())}`);
      exit(1);
      return;
    }
    stopping = true;
    info(`${signal}: no new connections; finishing the work in flight (at most ${seconds} s)`);
    const started = Date.now();
    const timer = setTimeout(() => {
      error(
        `not finished after ${seconds} s (SHUTDOWN_TIMEOUT_SECONDS); exiting with ${describe(runtime.unfinished())}`,
      );
      exit(1);
    }, seconds * 1000);
    runtime.stop({ deadline: started + seconds * 1000 }).then(
      () => {
        clearTimeout(timer);
        info(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(timer);
        error(`could not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
        exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

const describe = (left: string[]) => (left.length ? left.join('; ') : 'connections still closing');
