import DataLoader from 'dataloader';
import type { MigrationJobQueries } from '../../app/ports/migration-job-queries';
import type { MigrationCommandRecord, MigrationJob } from '../../app/migration/migration-job';
import { keyedLoader } from './inventory-loaders';

/**
 * Per-request loaders over the migration job queries, created with the request context. The
 * queries are read only when a batch runs, so a context whose services lack them costs nothing.
 */
export class MigrationLoaders {
  /** Every command of a job in send order; one statement per batch of jobs. */
  readonly commandsByJobId: DataLoader<number, MigrationCommandRecord[]>;
  /** A job by uuid, or null; one statement per batch. */
  readonly jobByUuid: DataLoader<string, MigrationJob | null>;

  constructor(queries: MigrationJobQueries) {
    this.commandsByJobId = new DataLoader(async (jobIds) => {
      const groups = new Map<number, MigrationCommandRecord[]>(jobIds.map((id) => [id, []]));
      for (const command of await queries.commandsByJobIds(jobIds)) groups.get(command.jobId)?.push(command);
      // The port orders by job then seq; sort anyway so the API's order never depends on an adapter.
      return jobIds.map((id) => groups.get(id)!.sort((a, b) => a.seq - b.seq));
    });
    this.jobByUuid = keyedLoader(
      (uuids) => queries.byUuids(uuids),
      (job) => job.uuid,
    );
  }
}
