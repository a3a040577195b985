import { Entity } from 'typeorm';
import { BigIntColumn, IdColumn, TextColumn } from './column-types';

/** `guest_os`: its category decides the Windows flag of MigrateCommand (R27). */
@Entity({ name: 'guest_os' })
export class GuestOsEntity {
  @IdColumn() id: number;
  @BigIntColumn('category_id') categoryId: number;
  @TextColumn('name', 255, { nullable: true }) name: string | null;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @TextColumn('display_name') displayName: string;
}
