import { createReadModelDataSource, readCheckpoints, readLeaseOwners, type Projector } from '#projections';
import type { CliContext } from './cli-context.ts';

/**
 * `projections status [name]`: per projection its version, checkpoint state and position against the
 * log's head, and the worker holding its lease (docs/deployment.md). 1 when one is parked or no worker
 * holds it, else 0.
 */
export async function projectionsStatus(
  url: string,
  context: CliContext,
  projectors: readonly Projector[],
  log: (line: string) => void,
): Promise<number> {
  const dataSource = createReadModelDataSource({ url, poolSize: 1, applicationName: 'zaitaku-cli' });
  await dataSource.initialize();
  try {
    const head = await context.store.headPosition();
    const names = projectors.map((projector) => projector.name);
    const checkpoints = new Map(
      (await readCheckpoints(dataSource.manager, names)).map((checkpoint) => [checkpoint.name, checkpoint]),
    );
    const owners = await readLeaseOwners(dataSource.manager);
    let unwell = 0;
    for (const name of names) {
      const checkpoint = checkpoints.get(name);
      const owner = owners.get(name);
      if (checkpoint?.status === 'parked' || owner === undefined) unwell++;
      const where =
        checkpoint === undefined
          ? 'never run'
          : `v${checkpoint.version} ${checkpoint.status} at ${checkpoint.position} of ${head}` +
            (checkpoint.status === 'parked'
              ? ` (failed at ${checkpoint.failedPosition}: ${checkpoint.lastError})`
              : '');
      log(`${name}: ${where}, ${owner === undefined ? 'no worker holds its lease' : `worker ${owner}`}`);
    }
    return unwell > 0 ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}
