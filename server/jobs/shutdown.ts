/**
 * Signal handling for worker processes (`npm run worker`): on SIGTERM or
 * SIGINT stop claiming (in every lane), let the running jobs finish within the grace period
 * (else release them), run `cleanup` (close the database) and exit 0. A
 * second signal cuts the grace period short.
 */
import { errorFields, logger } from '../lib/logger';
import type { LaneWorkers } from './lanes';
import type { Worker } from './worker';

export function stopWorkerOnSignals(
  worker: Pick<Worker | LaneWorkers, 'stop'>,
  options: { graceMs?: number; cleanup?: () => Promise<void>; exit?: (code: number) => void } = {},
): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn('second signal: aborting running jobs now', { signal });
      void worker.stop({ graceMs: 0 });
      return;
    }
    stopping = true;
    logger.info('worker shutting down', { signal });
    void (async () => {
      let code = 0;
      try {
        await worker.stop({ graceMs: options.graceMs });
      } catch (err) {
        code = 1;
        logger.error('error while stopping the worker', errorFields(err));
      }
      try {
        await options.cleanup?.();
      } catch (err) {
        logger.error('error during worker cleanup', errorFields(err));
      }
      exit(code);
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
