import type { EntityManager } from 'typeorm';
import { SequenceEntity } from './entities';
import { executeWrite } from './execute-write';

/** CloudStack's table-generator sequences (`sequence.name`) for the tables the gateway inserts into. */
export const SequenceName = {
  VmInstance: 'vm_instance_seq',
  VmTemplate: 'vm_template_seq',
  StoragePool: 'storage_pool_seq',
  Volume: 'volume_seq',
  ImageStore: 'image_store_seq',
} as const;

/**
 * Where a sequence starts and which table it numbers, used only when its `sequence` row is
 * missing: a 4.22 database has no `image_store_seq` row (create-schema.sql never inserts one).
 * The row is then created above the table's current MAX(id) so no existing id is handed out again.
 */
const SEQUENCE_TABLES: Record<string, { table: string; initial: number }> = {
  [SequenceName.VmInstance]: { table: 'vm_instance', initial: 1 },
  [SequenceName.VmTemplate]: { table: 'vm_template', initial: 200 },
  [SequenceName.StoragePool]: { table: 'storage_pool', initial: 200 },
  [SequenceName.Volume]: { table: 'volumes', initial: 1 },
  [SequenceName.ImageStore]: { table: 'image_store', initial: 1 },
};

/**
 * Takes ids from CloudStack's `sequence` table the way its `SequenceFetcher` does (allocation
 * size 1: the id is the current `value`, which then grows by one), so rows the gateway inserts
 * never collide with ids CloudStack hands out later.
 *
 * The increment returns the value it wrote in the same statement, inside the caller's
 * transaction: the UPDATE takes the row's write lock at once (InnoDB row lock, SQLite write
 * lock) and holds it until commit, so concurrent allocators - in this process or in another
 * gateway or CloudStack management server - wait instead of reading the same value.
 */
export class SequenceAllocator {
  /** The next id of sequence `name` (e.g. `volume_seq`). `manager` must be inside a transaction. */
  async next(name: string, manager: EntityManager): Promise<number> {
    const [id] = await this.nextBlock(name, 1, manager);
    return id;
  }

  /** `count` consecutive ids of sequence `name`, ascending. `manager` must be inside a transaction. */
  async nextBlock(name: string, count: number, manager: EntityManager): Promise<number[]> {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`sequence block size must be a positive integer, got ${count}`);
    if (!manager.queryRunner?.isTransactionActive) {
      // Outside a transaction the lock would end with the UPDATE and the read-back could see another allocation.
      throw new Error(`sequence ${name}: ids must be allocated inside a transaction`);
    }
    let last = await this.increment(name, count, manager);
    if (last === null) {
      await this.createRow(name, count, manager);
      last = (await manager.findOneByOrFail(SequenceEntity, { name })).value;
    }
    const first = last - count;
    return Array.from({ length: count }, (_, i) => first + i);
  }

  /**
   * Advances the row and reads the new value in ONE statement (MySQL: LAST_INSERT_ID(expr) comes
   * back as the OK packet's insert id; SQLite: RETURNING); null when the row is missing.
   */
  private async increment(name: string, count: number, manager: EntityManager): Promise<number | null> {
    const table = manager.connection.driver.escape('sequence');
    const value = manager.connection.driver.escape('value');
    if (manager.connection.options.type === 'mysql') {
      const written = await executeWrite(manager, `UPDATE ${table} SET ${value} = LAST_INSERT_ID(${value} + ${count}) WHERE name = ?`, [name]);
      return written.affected > 0 ? written.insertId : null;
    }
    const rows = await manager.query<{ v: number | string }[]>(`UPDATE ${table} SET ${value} = ${value} + ${count} WHERE name = ? RETURNING ${value} AS v`, [
      name,
    ]);
    return rows.length > 0 ? Number(rows[0].v) : null;
  }

  /** Creates a missing row already advanced by `count`; a concurrent creator wins and we increment instead. */
  private async createRow(name: string, count: number, manager: EntityManager): Promise<void> {
    const known = SEQUENCE_TABLES[name];
    if (!known) throw new Error(`sequence ${name} has no row in \`sequence\` and no known table to start it from`);
    const [{ maxId }] = await manager.query<{ maxId: number | string | null }[]>(
      `SELECT MAX(id) AS maxId FROM ${manager.connection.driver.escape(known.table)}`,
    );
    const start = Math.max(known.initial, Number(maxId ?? 0) + 1);
    try {
      await manager.insert(SequenceEntity, { name, value: start + count });
    } catch (error) {
      if ((await this.increment(name, count, manager)) === null) throw error;
    }
  }
}
