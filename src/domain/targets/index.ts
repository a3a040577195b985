export * from './target-records';
export * from './target-reason';
export * from './targets-snapshot';
export * from './migration-targets';
export { findMigrationTargets } from './find-migration-targets';
export { findStoragePoolsForMigration } from './find-pools-for-migration';
export { PoolPlanner, type PoolPlanDecision } from './pool-plan';
export { isCreatedOnPrimary } from './preconditions';
export { CPU_OVERCOMMIT_RATIO, MEMORY_OVERCOMMIT_RATIO } from './host-capacity';
