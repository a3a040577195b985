import { Entity } from 'typeorm';
import { IdColumn, TextColumn } from './column-types';

/** `guest_os_category`. */
@Entity({ name: 'guest_os_category' })
export class GuestOsCategoryEntity {
  @IdColumn() id: number;
  @TextColumn('name') name: string;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
}
