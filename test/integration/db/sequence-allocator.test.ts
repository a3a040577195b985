import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStoreEntity } from '../../../src/infra/db/entities';
import { SequenceAllocator, SequenceName } from '../../../src/infra/db/sequence-allocator';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../../support/test-database';
import { sequenceValue, sleep, spawnAllocator } from './db-helpers';

describe.each(DATABASE_KINDS)('SequenceAllocator on %s', (kind) => {
  let db: TestDatabase;
  const allocator = new SequenceAllocator();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => db?.dispose());

  it('hands out the current value of the sequence and advances it, as CloudStack does', async () => {
    const before = await sequenceValue(db.dataSource, SequenceName.VmTemplate);
    expect(before).toBe(200);
    const id = await db.dataSource.transaction((m) => allocator.next(SequenceName.VmTemplate, m));
    expect(id).toBe(200);
    expect(await sequenceValue(db.dataSource, SequenceName.VmTemplate)).toBe(201);
  });

  it('hands out consecutive ids for a block and advances the sequence past them', async () => {
    const start = await sequenceValue(db.dataSource, SequenceName.Volume);
    const ids = await db.dataSource.transaction((m) => allocator.nextBlock(SequenceName.Volume, 3, m));
    expect(ids).toEqual([start, start + 1, start + 2]);
    expect(await sequenceValue(db.dataSource, SequenceName.Volume)).toBe(start + 3);
  });

  it('gives the ids back when the transaction rolls back', async () => {
    const start = await sequenceValue(db.dataSource, SequenceName.StoragePool);
    await expect(
      db.dataSource.transaction(async (m) => {
        await allocator.next(SequenceName.StoragePool, m);
        throw new Error('insert failed');
      }),
    ).rejects.toThrow('insert failed');
    expect(await sequenceValue(db.dataSource, SequenceName.StoragePool)).toBe(start);
  });

  it('creates a missing sequence row above the ids already in its table (4.22 has no image_store_seq row)', async () => {
    await db.dataSource.query('DELETE FROM sequence WHERE name = ?', [SequenceName.ImageStore]);
    await db.dataSource.getRepository(ImageStoreEntity).insert({
      id: 7,
      name: 'existing',
      providerName: 'NFS',
      protocol: 'nfs',
      url: 'nfs://x/y',
      zoneId: 1,
      scope: 'ZONE',
      role: 'Image',
      uuid: 'existing-store',
      readonly: false,
      created: new Date(),
      removed: null,
    });
    const ids = await db.dataSource.transaction((m) => allocator.nextBlock(SequenceName.ImageStore, 2, m));
    expect(ids).toEqual([8, 9]);
    expect(await sequenceValue(db.dataSource, SequenceName.ImageStore)).toBe(10);
  });

  it('refuses to allocate outside a transaction', async () => {
    await expect(allocator.next(SequenceName.Volume, db.dataSource.manager)).rejects.toThrow(/inside a transaction/);
    await expect(db.dataSource.transaction((m) => allocator.nextBlock(SequenceName.Volume, 0, m))).rejects.toThrow(RangeError);
  });

  it('makes a concurrent allocation in another process wait for the holding transaction, then hands it the next id', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let holderId = 0;
    const holder = db.dataSource.transaction(async (m) => {
      holderId = await allocator.next(SequenceName.VmInstance, m);
      await gate;
    });
    await sleep(50);
    const other = spawnAllocator(db.url, SequenceName.VmInstance, 1);
    await other.ready;
    await sleep(700);
    // Still blocked on the row (InnoDB lock wait / SQLite busy wait) while the holder is open.
    expect(other.done()).toBe(false);
    release();
    await holder;
    expect(await other.result).toEqual([[holderId + 1]]);
    expect(await sequenceValue(db.dataSource, SequenceName.VmInstance)).toBe(holderId + 2);
  });

  it('never hands the same id to two processes allocating at the same time', async () => {
    const start = await sequenceValue(db.dataSource, SequenceName.Volume);
    const other = spawnAllocator(db.url, SequenceName.Volume, 25);
    await other.ready;
    const mine: number[] = [];
    for (let i = 0; i < 25; i++) mine.push(await db.dataSource.transaction((m) => allocator.next(SequenceName.Volume, m)));
    const theirs = (await other.result).flat();
    const all = [...mine, ...theirs].sort((a, b) => a - b);
    expect(new Set(all).size).toBe(50);
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => start + i));
    expect(await sequenceValue(db.dataSource, SequenceName.Volume)).toBe(start + 50);
  });
});
