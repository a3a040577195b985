import { type DataSource, In, IsNull } from 'typeorm';
import type { MigrationReader } from '../../app/ports/migration-reader';
import type { ImageStoreRecord, StoragePoolRecord } from '../../domain/inventory/records';
import { ConfigurationEntity, ImageStoreEntity, SnapshotEntity, StoragePoolEntity } from './entities';
import { INVENTORY_TABLES } from './inventory-tables';

/** Snapshot states CloudStack treats as "being created" (SnapshotManager checks before a migration). */
const SNAPSHOT_IN_PROGRESS_STATES = ['Allocated', 'Creating', 'CreatedOnPrimary', 'BackingUp', 'Copying'];

export class TypeOrmMigrationReader implements MigrationReader {
  constructor(private readonly dataSource: DataSource) {}

  async poolsByIdsOrUuids(ids: readonly number[], uuids: readonly string[]): Promise<StoragePoolRecord[]> {
    if (ids.length === 0 && uuids.length === 0) return [];
    const qb = this.dataSource.getRepository(StoragePoolEntity).createQueryBuilder('t').where('t.removed IS NULL');
    const clauses: string[] = [];
    if (ids.length) clauses.push('t.id IN (:...ids)');
    if (uuids.length) clauses.push('t.uuid IN (:...uuids)');
    qb.andWhere(`(${clauses.join(' OR ')})`, { ids: [...new Set(ids)], uuids: [...new Set(uuids)] });
    const rows = await qb.getMany();
    return rows.map((r) => INVENTORY_TABLES.storagePool.toRecord(r) as StoragePoolRecord);
  }

  async imageStoresForZone(zoneId: number): Promise<ImageStoreRecord[]> {
    const rows = await this.dataSource
      .getRepository(ImageStoreEntity)
      .createQueryBuilder('t')
      .where('t.removed IS NULL')
      .andWhere("t.role = 'Image'")
      .andWhere('(t.zoneId = :zoneId OR t.zoneId IS NULL)', { zoneId })
      .orderBy('t.id', 'ASC')
      .getMany();
    return rows.map((r) => INVENTORY_TABLES.imageStore.toRecord(r) as ImageStoreRecord);
  }

  async guestOsCategoryName(guestOsId: number): Promise<string | null> {
    const rows: { name: string }[] = await this.dataSource.query(
      'SELECT c.name AS name FROM guest_os g JOIN guest_os_category c ON c.id = g.category_id WHERE g.id = ?',
      [guestOsId],
    );
    return rows[0]?.name ?? null;
  }

  async settings(names: readonly string[]): Promise<Map<string, string | null>> {
    const rows = await this.dataSource.getRepository(ConfigurationEntity).findBy({ name: In([...names]) });
    return new Map(rows.map((r) => [r.name, r.value ?? r.defaultValue]));
  }

  async volumeIdsWithSnapshotsInProgress(volumeIds: readonly number[]): Promise<number[]> {
    if (volumeIds.length === 0) return [];
    const rows = await this.dataSource.getRepository(SnapshotEntity).find({
      select: { volumeId: true },
      where: { volumeId: In([...volumeIds]), status: In(SNAPSHOT_IN_PROGRESS_STATES), removed: IsNull() },
    });
    return [...new Set(rows.map((r) => r.volumeId))];
  }
}
