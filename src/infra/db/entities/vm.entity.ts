import { Entity } from 'typeorm';
import { BigIntColumn, DateColumn, IdColumn, TextColumn } from './column-types';

/** `vm_instance`: ids from `sequence.vm_instance_seq`; `update_count` is the optimistic lock. */
@Entity({ name: 'vm_instance' })
export class VmEntity {
  @IdColumn() id: number;
  @TextColumn('name') name: string;
  @TextColumn('uuid', 40, { nullable: true }) uuid: string | null;
  @TextColumn('instance_name') instanceName: string;
  @TextColumn('display_name', 255, { nullable: true }) displayName: string | null;
  @TextColumn('state', 32) state: string;
  @BigIntColumn('vm_template_id', { nullable: true }) templateId: number | null;
  @BigIntColumn('guest_os_id') guestOsId: number;
  @BigIntColumn('pod_id', { nullable: true }) podId: number | null;
  @BigIntColumn('data_center_id') zoneId: number;
  @BigIntColumn('host_id', { nullable: true }) hostId: number | null;
  @BigIntColumn('last_host_id', { nullable: true }) lastHostId: number | null;
  @TextColumn('vnc_password') vncPassword: string;
  @BigIntColumn('update_count', { default: 0 }) updateCount: number;
  @DateColumn('update_time', { nullable: true }) updateTime: Date | null;
  @DateColumn('created') created: Date;
  @DateColumn('removed', { nullable: true }) removed: Date | null;
  @TextColumn('type', 32) type: string;
  @TextColumn('vm_type', 32) vmType: string;
  @BigIntColumn('account_id') accountId: number;
  @BigIntColumn('domain_id') domainId: number;
  @BigIntColumn('service_offering_id') serviceOfferingId: number;
  @TextColumn('hypervisor_type', 32, { nullable: true }) hypervisorType: string | null;
  @TextColumn('power_state', 74, { nullable: true }) powerState: string | null;
}
