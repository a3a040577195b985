import { Entity } from 'typeorm';
import { AutoIdColumn, BigIntColumn, DateColumn } from './column-types';

/** `gateway_template_lock` (gateway-owned): the job staging a template onto a pool, or writing its R21 reference. */
@Entity({ name: 'gateway_template_lock' })
export class TemplateLockEntity {
  @AutoIdColumn() id: number;
  @BigIntColumn('pool_id') poolId: number;
  @BigIntColumn('template_id') templateId: number;
  @BigIntColumn('job_id') jobId: number;
  @DateColumn('acquired_at') acquiredAt: Date;
}
