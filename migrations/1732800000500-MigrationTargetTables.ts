import { type MigrationInterface, type QueryRunner, Table, TableColumn, type TableColumnOptions, TableIndex } from 'typeorm';
import { bigint, char, createPortableTable, datetime, flag, int, pk, str, text, uflag, uint, usmallint, uuid } from './support/column-builders';

/**
 * Standalone schema, second step: the CloudStack tables and columns the migration-target rules
 * read (cloudstack-schema.md §7, shared/reference/migration-targets.md), typed as the 4.22 DDL
 * (test/fixtures/cloudstack/cloudstack-4.22-subset.sql). Like CloudStackSubsetSchema it belongs to
 * the gateway-owned database only: the data source lists it among `cloudStackSchemaMigrations`,
 * which never run against a real CloudStack database, whose tables the gateway never alters.
 */
export class MigrationTargetTables1732800000500 implements MigrationInterface {
  name = 'MigrationTargetTables1732800000500';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, columns] of ADDED_COLUMNS)
      await q.addColumns(
        table,
        columns.map((c) => new TableColumn(c)),
      );
    for (const table of TABLES) await createPortableTable(q, table);
    for (const [table, index] of INDEXES) await q.createIndex(table, index);
    // CloudStack's own KVM row, as the 4.0 -> 4.22 upgrade scripts leave it (id and uuid of the replay).
    await q.query(
      `INSERT INTO hypervisor_capabilities (id, uuid, hypervisor_type, hypervisor_version, max_guests_limit, security_group_enabled,
         max_data_volumes_limit, max_hosts_per_cluster, storage_motion_supported, vm_snapshot_enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [13, '13', 'KVM', 'default', 50, 1, 32, null, 1, 1],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await q.dropTable(table.name, true);
    for (const [table, columns] of [...ADDED_COLUMNS].reverse()) {
      for (const column of [...columns].reverse()) await q.dropColumn(table, column.name);
    }
  }
}

/** Columns of the first step's tables that the rules read (host hardware T16/T18/T20, cluster arch T18, template tag T12). */
const ADDED_COLUMNS: [string, TableColumnOptions[]][] = [
  ['host', [uint('cpus', true), uint('speed', true), bigint('ram', true), str('arch', 8, true, 'x86_64')]],
  ['cluster', [str('arch', 8, true, 'x86_64')]],
  ['vm_template', [str('template_tag', 255, true)]],
];

const detailTable = (name: string, owner: string, valueLength: number | 'text', display: boolean): Table =>
  new Table({
    name,
    columns: [
      pk(),
      bigint(owner),
      str('name', 255, false),
      valueLength === 'text' ? text('value', false) : str('value', valueLength, false),
      ...(display ? [flag('display', false, 1)] : []),
    ],
  });

const TABLES: Table[] = [
  new Table({
    name: 'disk_offering',
    columns: [
      pk(),
      str('name', 255, false),
      uuid(),
      str('display_text', 4096),
      bigint('disk_size'),
      str('tags', 4096),
      uflag('recreatable', false, 0),
      uflag('use_local_storage', false, 0),
      { ...str('unique_name', 32), isUnique: true },
      uflag('customized', false, 0),
      datetime('removed'),
      datetime('created'),
      int('sort_key', false, 0),
      flag('display_offering', false, 1),
      uflag('customized_iops', true),
      bigint('min_iops', true),
      bigint('max_iops', true),
      ...[
        'bytes_read_rate',
        'bytes_read_rate_max',
        'bytes_read_rate_max_length',
        'bytes_write_rate',
        'bytes_write_rate_max',
        'bytes_write_rate_max_length',
        'iops_read_rate',
        'iops_read_rate_max',
        'iops_read_rate_max_length',
        'iops_write_rate',
        'iops_write_rate_max',
        'iops_write_rate_max_length',
      ].map((c) => ({ ...bigint(c, true), unsigned: false })),
      char('state', 40, false, 'Active'),
      uint('hv_ss_reserve', true),
      str('cache_mode', 18, true, 'none'),
      str('provisioning_type', 32, false, 'thin'),
      uflag('disk_size_strictness', false, 0),
      uflag('compute_only', false, 0),
      flag('encrypt', true, 0),
    ],
  }),
  new Table({
    name: 'service_offering',
    columns: [
      pk('id', false),
      uint('cpu', true),
      uint('speed', true),
      bigint('ram_size', true),
      usmallint('nw_rate', true, 200),
      usmallint('mc_rate', true, 10),
      uflag('ha_enabled', false, 0),
      uflag('limit_cpu_use', false, 0),
      str('host_tag'),
      uflag('default_use', false, 0),
      str('vm_type', 32),
      int('sort_key', false, 0),
      uflag('is_volatile', false, 0),
      str('deployment_planner'),
      uflag('dynamic_scaling_enabled', false, 1),
      uuid(),
      str('name', 255, false),
      str('display_text', 4096),
      str('unique_name', 32),
      uflag('customized', false, 0),
      datetime('created'),
      datetime('removed'),
      char('state', 40, false, 'Active'),
      bigint('disk_offering_id', true),
      uflag('system_use', false, 0),
      uflag('disk_offering_strictness', false, 0),
      bigint('vgpu_profile_id', true),
      uint('gpu_count', true),
      flag('gpu_display', true, 0),
    ],
  }),
  new Table({
    name: 'op_host_capacity',
    columns: [
      pk(),
      bigint('host_id', true),
      bigint('data_center_id'),
      bigint('pod_id', true),
      bigint('cluster_id', true),
      { ...bigint('used_capacity'), unsigned: false },
      { ...bigint('reserved_capacity'), unsigned: false },
      { ...bigint('total_capacity'), unsigned: false },
      uint('capacity_type'),
      str('capacity_state', 32, false, 'Enabled'),
      datetime('update_time'),
      datetime('created'),
    ],
  }),
  new Table({ name: 'host_tags', columns: [pk(), bigint('host_id'), text('tag', false), uint('is_tag_a_rule', false, 0), uint('is_implicit', false, 0)] }),
  new Table({ name: 'storage_pool_tags', columns: [pk(), bigint('pool_id'), text('tag', false), uint('is_tag_a_rule', false, 0)] }),
  detailTable('cluster_details', 'cluster_id', 255, false),
  detailTable('host_details', 'host_id', 255, false),
  detailTable('vm_instance_details', 'vm_id', 5120, true),
  detailTable('service_offering_details', 'service_offering_id', 'text', true),
  detailTable('storage_pool_details', 'pool_id', 255, true),
  new Table({
    name: 'hypervisor_capabilities',
    columns: [
      pk(),
      uuid(),
      str('hypervisor_type', 32, false),
      str('hypervisor_version', 32),
      { ...bigint('max_guests_limit', true, 50) },
      uint('security_group_enabled', true, 1),
      uint('max_data_volumes_limit', true, 6),
      uint('max_hosts_per_cluster', true),
      uint('storage_motion_supported', true, 0),
      flag('vm_snapshot_enabled', false, 0),
    ],
  }),
];

const index = (table: string, name: string, columnNames: string[], isUnique = false): [string, TableIndex] => [
  table,
  new TableIndex({ name, columnNames, isUnique }),
];

/** As in CloudStack's DDL: the lookups the reader does (by host, pool, cluster, VM, offering). */
const INDEXES: [string, TableIndex][] = [
  index('disk_offering', 'i_disk_offering__removed', ['removed']),
  index('service_offering', 'fk_service_offering__disk_offering_id', ['disk_offering_id']),
  index('op_host_capacity', 'i_op_host_capacity__host_type', ['host_id', 'capacity_type']),
  index('op_host_capacity', 'i_op_host_capacity__data_center_id', ['data_center_id']),
  index('op_host_capacity', 'i_op_host_capacity__cluster_id', ['cluster_id']),
  index('host_tags', 'fk_host_tags__host_id', ['host_id']),
  index('storage_pool_tags', 'fk_storage_pool_tags__pool_id', ['pool_id']),
  index('cluster_details', 'fk_cluster_details__cluster_id', ['cluster_id']),
  index('cluster_details', 'i_cluster_details__name', ['name']),
  index('host_details', 'uk_host_id_name', ['host_id', 'name'], true),
  index('vm_instance_details', 'i_name_vm_id', ['vm_id', 'name']),
  index('service_offering_details', 'fk_service_offering_details__service_offering_id', ['service_offering_id']),
  index('storage_pool_details', 'fk_storage_pool_details__pool_id', ['pool_id']),
  index('hypervisor_capabilities', 'uc_hypervisor', ['hypervisor_type', 'hypervisor_version'], true),
];
