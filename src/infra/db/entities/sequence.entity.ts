import { Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn } from './column-types';

/** `sequence`: CloudStack's table id generator (`volume_seq`, `vm_instance_seq`, ...). */
@Entity({ name: 'sequence' })
export class SequenceEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 64 }) name: string;
  @BigIntColumn('value') value: number;
}
