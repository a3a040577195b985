import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, IdColumn, TextColumn } from './column-types';

/** `snapshots`: only what live migration touches (R3 in-progress check, R30 re-pointing). */
@Entity({ name: 'snapshots' })
export class SnapshotEntity {
  @IdColumn() id: number;
  @BigIntColumn('volume_id') volumeId: number;
  @TextColumn('status', 32, { nullable: true }) status: string | null;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
}
