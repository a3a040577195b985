import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { bigint, createPortableTable, datetime, flag, int, pk, str, text, uuid } from './support/column-builders';

/**
 * Standalone schema: the subset of CloudStack's `cloud` database the gateway reads and writes,
 * with CloudStack's table and column names and types (shared/reference/cloudstack-schema.md).
 * Runs only on a database the gateway owns (the embedded default, tests, demos); pointed at a
 * real CloudStack database the gateway never runs it, so CloudStack's tables stay untouched.
 */
export class CloudStackSubsetSchema1732800000000 implements MigrationInterface {
  name = 'CloudStackSubsetSchema1732800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await createPortableTable(q, table);
    for (const [table, index] of INDEXES) await q.createIndex(table, index);
    for (const [name, value] of SEQUENCES) await q.query('INSERT INTO sequence (name, value) VALUES (?, ?)', [name, value]);
    for (const [name, value, category] of SETTINGS) {
      await q.query(
        'INSERT INTO configuration (category, instance, component, name, value, default_value) VALUES (?, ?, ?, ?, ?, ?)',
        [category, 'DEFAULT', 'StorageManager', name, value, value],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await q.dropTable(table.name, true);
  }
}

/** As setup/db/create-schema.sql seeds them. */
const SEQUENCES: [string, number][] = [
  ['vm_instance_seq', 1],
  ['vm_template_seq', 200],
  ['storage_pool_seq', 200],
  ['volume_seq', 1],
  ['image_store_seq', 1],
  ['networks_seq', 200],
];

/** The StorageManager settings the migration reads, with CloudStack 4.22's defaults. */
const SETTINGS: [string, string, string][] = [
  ['kvm.storage.online.migration.wait', '86400', 'Storage'],
  ['kvm.auto.convergence', 'false', 'Storage'],
  ['primary.storage.download.wait', '10800', 'Storage'],
];

const TABLES: Table[] = [
  new Table({
    name: 'domain',
    columns: [pk(), bigint('parent', true), str('name'), uuid(), bigint('owner'), str('path', 255, false),
      int('level', false, 0), int('child_count', false, 0), datetime('created'), datetime('removed'),
      str('state', 32, false, 'Active')],
  }),
  new Table({
    name: 'data_center',
    columns: [pk(), str('name'), uuid(), str('description'), str('dns1', 255, false), str('internal_dns1', 255, false),
      bigint('domain_id', true), str('networktype', 255, false, 'Basic'), str('allocation_state', 32, false, 'Enabled'),
      flag('is_security_group_enabled', false, 0), flag('is_local_storage_enabled', false, 0),
      datetime('created'), datetime('removed')],
  }),
  new Table({
    name: 'account',
    columns: [pk(), str('account_name', 100), uuid(), int('type'), bigint('domain_id', true),
      str('state', 10, false, 'enabled'), datetime('created'), datetime('removed')],
  }),
  new Table({
    name: 'host_pod_ref',
    columns: [pk(), str('name'), uuid(), bigint('data_center_id'), str('gateway', 255, false), str('cidr_address', 15, false),
      bigint('cidr_size'), str('description'), str('allocation_state', 32, false, 'Enabled'), datetime('created'), datetime('removed')],
  }),
  new Table({
    name: 'cluster',
    columns: [pk(), str('name'), uuid(), { ...str('guid'), isUnique: true }, bigint('pod_id'), bigint('data_center_id'),
      str('hypervisor_type', 32), str('cluster_type', 64, true, 'CloudManaged'), str('allocation_state', 32, false, 'Enabled'),
      str('managed_state', 32, false, 'Managed'), datetime('created'), datetime('removed')],
  }),
  new Table({
    name: 'host',
    columns: [pk(), str('name', 255, false), uuid(), str('status', 32, false), str('type', 32, false),
      str('private_ip_address', 40, false), bigint('cluster_id', true), bigint('data_center_id'), bigint('pod_id', true),
      str('hypervisor_type', 32), str('hypervisor_version', 32), { ...str('guid'), isUnique: true }, str('version', 40, false),
      bigint('dom0_memory'), int('last_ping'), bigint('mgmt_server_id', true), bigint('update_count', false, 0),
      str('resource_state', 32, false, 'Enabled'), datetime('created'), datetime('removed')],
  }),
  new Table({
    name: 'storage_pool',
    columns: [pk('id', false), str('name'), uuid(255), str('pool_type', 32, false), int('port'), bigint('data_center_id'),
      bigint('pod_id', true), bigint('cluster_id', true), bigint('used_bytes', true), bigint('capacity_bytes', true),
      str('host_address', 255, false), str('user_info'), str('path', 255, false), datetime('created'), datetime('removed'),
      datetime('update_time'), str('status', 32), str('storage_provider_name'), str('scope'), str('hypervisor', 32),
      flag('managed', false, 0), bigint('capacity_iops', true), bigint('parent', false, 0), bigint('used_iops', true)],
  }),
  new Table({
    name: 'storage_pool_host_ref',
    columns: [pk(), bigint('host_id'), bigint('pool_id'), datetime('created', false), datetime('last_updated'), str('local_path')],
  }),
  new Table({
    name: 'image_store',
    columns: [pk('id', false), str('name', 255, false), str('image_provider_name', 255, false), str('protocol', 255, false),
      str('url', 2048), bigint('data_center_id', true), str('scope'), str('role'), uuid(255), str('parent'),
      datetime('created'), datetime('removed'), bigint('total_size', true), bigint('used_bytes', true), flag('readonly', true, 0)],
  }),
  new Table({
    name: 'guest_os_category',
    columns: [pk(), str('name', 255, false), uuid()],
  }),
  new Table({
    name: 'guest_os',
    columns: [pk(), bigint('category_id'), str('name'), uuid(), str('display_name', 255, false), datetime('created'), datetime('removed')],
  }),
  new Table({
    name: 'vm_template',
    columns: [pk('id', false), str('unique_name', 255, false), str('name', 255, false), uuid(), int('public'), int('featured'),
      str('type', 32), int('hvm'), int('bits'), str('url', 1024), str('format', 32, false), datetime('created', false),
      datetime('removed'), bigint('account_id'), str('checksum'), str('display_text', 4096), bigint('guest_os_id'),
      int('bootable', false, 1), str('hypervisor_type', 32), bigint('source_template_id', true), bigint('size', true),
      str('state'), bigint('update_count', true), datetime('updated'), flag('direct_download', true, 0),
      bigint('parent_template_id', true)],
  }),
  new Table({
    name: 'template_store_ref',
    columns: [pk(), bigint('store_id', true), bigint('template_id'), datetime('created', false), datetime('last_updated'),
      str('job_id'), int('download_pct', true), bigint('size', true), str('store_role'), bigint('physical_size', true, 0),
      str('download_state'), str('error_str'), str('local_path'), str('install_path'), str('url', 2048), str('state', 255, false),
      flag('destroyed', true), flag('is_copy', false, 0), bigint('update_count', true), bigint('ref_cnt', true, 0), datetime('updated')],
  }),
  new Table({
    name: 'template_spool_ref',
    columns: [pk(), bigint('pool_id'), bigint('template_id'), datetime('created', false), datetime('last_updated'), str('job_id'),
      int('download_pct', true), str('download_state'), str('error_str'), str('local_path'), str('install_path'),
      bigint('template_size'), flag('marked_for_gc', false, 0), str('state'), bigint('update_count', true), datetime('updated'),
      str('deployment_option')],
  }),
  new Table({
    name: 'vm_instance',
    columns: [pk('id', false), str('name', 255, false), uuid(), str('instance_name', 255, false), str('display_name'),
      str('state', 32, false), bigint('vm_template_id', true), bigint('guest_os_id'), str('private_ip_address', 40),
      bigint('pod_id', true), bigint('data_center_id'), bigint('host_id', true), bigint('last_host_id', true),
      str('vnc_password', 255, false), bigint('update_count', false, 0), datetime('update_time'), datetime('created', false),
      datetime('removed'), str('type', 32, false), str('vm_type', 32, false), bigint('account_id'), bigint('domain_id'),
      bigint('service_offering_id'), str('hypervisor_type', 32), str('power_state', 74, true, 'PowerUnknown')],
  }),
  new Table({
    name: 'volumes',
    columns: [pk('id', false), bigint('account_id'), bigint('domain_id'), bigint('pool_id', true), bigint('last_pool_id', true),
      bigint('instance_id', true), bigint('device_id', true), str('name'), uuid(), bigint('size'), str('folder'), str('path'),
      bigint('pod_id', true), bigint('data_center_id'), str('iscsi_name'), str('host_ip', 40), str('volume_type', 64, false),
      str('pool_type', 64), bigint('disk_offering_id'), bigint('template_id', true), flag('recreatable', false, 0),
      datetime('created'), datetime('attached'), datetime('updated'), datetime('removed'), str('state', 32), text('chain_info'),
      bigint('update_count', false, 0), flag('display_volume', false, 1), str('format'), bigint('min_iops', true),
      bigint('max_iops', true), str('provisioning_type', 32, false, 'thin'), bigint('passphrase_id', true),
      str('encrypt_format', 64), bigint('last_id', true)],
  }),
  new Table({
    name: 'snapshots',
    columns: [pk(), bigint('data_center_id'), bigint('account_id'), bigint('domain_id'), bigint('volume_id'),
      bigint('disk_offering_id'), str('status', 32), str('name', 255, false), uuid(), int('snapshot_type'), bigint('size'),
      str('hypervisor_type', 32, false), datetime('created'), datetime('removed')],
  }),
  new Table({
    name: 'configuration',
    columns: [str('category', 255, false, 'Advanced'), str('instance', 255, false), str('component', 255, false, 'management-server'),
      { ...str('name', 255, false), isPrimary: true }, str('value', 4095), str('description', 1024), str('default_value', 4095)],
  }),
  new Table({
    name: 'sequence',
    columns: [{ ...str('name', 64, false), isPrimary: true }, bigint('value')],
  }),
];

const INDEXES: [string, TableIndex][] = [
  ['host', new TableIndex({ name: 'i_host__cluster_id', columnNames: ['cluster_id'] })],
  ['storage_pool', new TableIndex({ name: 'i_storage_pool__cluster_id', columnNames: ['cluster_id'] })],
  ['vm_instance', new TableIndex({ name: 'i_vm_instance__host_id', columnNames: ['host_id'] })],
  ['vm_instance', new TableIndex({ name: 'i_vm_instance__account_id', columnNames: ['account_id'] })],
  ['volumes', new TableIndex({ name: 'i_volumes__instance_id', columnNames: ['instance_id'] })],
  ['volumes', new TableIndex({ name: 'i_volumes__pool_id', columnNames: ['pool_id'] })],
  ['template_store_ref', new TableIndex({ name: 'i_template_store_ref__template_id', columnNames: ['template_id'] })],
  // 4.15+: (pool, template, deployment_option) — NULL deployment_option does not prevent duplicates (R21).
  ['template_spool_ref', new TableIndex({ name: 'index_template_spool_configuration', columnNames: ['pool_id', 'template_id', 'deployment_option'], isUnique: true })],
  // As in CloudStack's DDL (fk_template_spool_ref__template_id_idx): references are looked up by template.
  ['template_spool_ref', new TableIndex({ name: 'fk_template_spool_ref__template_id_idx', columnNames: ['template_id'] })],
  ['template_store_ref', new TableIndex({ name: 'i_template_store_ref__store_id', columnNames: ['store_id'] })],
  ['vm_instance', new TableIndex({ name: 'fk_vm_instance__last_host_id', columnNames: ['last_host_id'] })],
  ['storage_pool_host_ref', new TableIndex({ name: 'i_storage_pool_host_ref__pool_id', columnNames: ['pool_id'] })],
];
