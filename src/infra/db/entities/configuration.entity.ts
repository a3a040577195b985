import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `configuration`: global settings such as `kvm.storage.online.migration.wait`. */
@Entity({ name: 'configuration' })
export class ConfigurationEntity {
  @PrimaryColumn({ name: 'name', type: 'varchar', length: 255 }) name: string;
  @Column({ name: 'category', type: 'varchar', length: 255, default: 'Advanced' }) category: string;
  @Column({ name: 'instance', type: 'varchar', length: 255 }) instance: string;
  @Column({ name: 'component', type: 'varchar', length: 255, default: 'management-server' }) component: string;
  @Column({ name: 'value', type: 'varchar', length: 4095, nullable: true }) value: string | null;
  @Column({ name: 'default_value', type: 'varchar', length: 4095, nullable: true }) defaultValue: string | null;
}
