/** The migrationTargets query reading every field of the answer (the tests read what a client can). */
export const TARGETS_QUERY = /* GraphQL */ `
  query Targets($vmId: ID!, $hostIds: [ID!]) {
    migrationTargets(vmId: $vmId, hostIds: $hostIds) {
      vm {
        id
        name
      }
      notes {
        code
        message
      }
      hosts {
        host {
          id
          name
        }
        suitable
        requiresStorageMotion
        reasons {
          code
          message
        }
        notes {
          code
          message
        }
        cpuAllocatedPercent
        memoryAllocatedPercent
        cpuAllocatedMhz
        cpuWithOverprovisioningMhz
        memoryAllocatedBytes
        memoryWithOverprovisioningBytes
        volumes {
          volume {
            id
            name
            type
          }
          requiresMigration
          pools {
            pool {
              id
              name
            }
            suitable
            reasons {
              code
              message
            }
            cloneMode
            cloneModeReason
            templateStaging {
              kind
              reason
            }
          }
        }
      }
    }
  }
`;
