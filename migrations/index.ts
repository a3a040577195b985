import { CloudStackSubsetSchema1732800000000 } from './1732800000000-CloudStackSubsetSchema';
import { GatewayMigrationJobs1732800000100 } from './1732800000100-GatewayMigrationJobs';
import { GatewayApiKeys1732800000200 } from './1732800000200-GatewayApiKeys';
import { GatewayTemplateLocks1732800000300 } from './1732800000300-GatewayTemplateLocks';
import { GatewaySecrets1732800000400 } from './1732800000400-GatewaySecrets';
import { MigrationTargetTables1732800000500 } from './1732800000500-MigrationTargetTables';

/**
 * Migrations are listed explicitly (globs are `require()`d outside Vite, see STACK.md).
 * The CloudStack subset runs only on a database the gateway owns; gateway migrations run everywhere.
 */
export const cloudStackSchemaMigrations = [CloudStackSubsetSchema1732800000000, MigrationTargetTables1732800000500];
export const gatewayMigrations = [
  GatewayMigrationJobs1732800000100,
  GatewayApiKeys1732800000200,
  GatewayTemplateLocks1732800000300,
  GatewaySecrets1732800000400,
];
