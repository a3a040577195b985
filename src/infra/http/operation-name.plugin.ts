import type { ApolloServerPlugin } from '@apollo/server';
import { currentRequest } from '../metrics/request-telemetry';

/**
 * Records the operation Apollo resolved, after the document parsed and validated: its name as the
 * document spells it ('' when anonymous). Metrics and logs never take the request's
 * `operationName` field on trust (it may name nothing the document contains).
 */
export function operationNamePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          const telemetry = currentRequest();
          if (telemetry && operation) telemetry.operationName = operation.name?.value ?? '';
        },
      };
    },
  };
}
