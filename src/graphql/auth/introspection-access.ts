import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDisableSuggestions } from '@apollo/server/plugin/disableSuggestions';
import { BREAK, type DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { roleOf, VIEWER_ROLES, type ViewerRole } from '../../app/auth/viewer';
import { ForbiddenError } from '../errors/api-errors';
import type { GatewayContext } from '../context';

export interface IntrospectionAccess {
  /** Apollo's own switch: off only when no role may introspect (its validation rule refuses then). */
  introspection: boolean;
  plugins: ApolloServerPlugin<GatewayContext>[];
}

/**
 * Introspection (`__schema`, `__type`) for the given roles only (GATEWAY_INTROSPECTION). The check
 * runs per request once the operation is resolved, not as a validation rule: Apollo caches
 * validated documents by their hash for every caller, so a rule cannot depend on who asks. While
 * any role is refused, "did you mean ..." suggestions are off too (they would spell the schema out).
 */
export function introspectionAccess(roles: readonly ViewerRole[]): IntrospectionAccess {
  if (roles.length === 0) return { introspection: false, plugins: [ApolloServerPluginDisableSuggestions()] };
  if (VIEWER_ROLES.every((role) => roles.includes(role))) return { introspection: true, plugins: [] };
  const allowed = new Set(roles);
  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          // In-process callers (viewer null) are trusted, as everywhere else.
          const viewer = contextValue.viewer;
          if (viewer === null || allowed.has(roleOf(viewer)) || !introspects(document)) return;
          const refusal = new ForbiddenError(`Introspection is for ${[...allowed].join(', ')} only; this API key's role is ${roleOf(viewer)}.`);
          throw new GraphQLError(refusal.message, { originalError: refusal, extensions: { code: refusal.code, http: { status: 403 } } });
        },
      };
    },
  };
  return { introspection: true, plugins: [plugin, ApolloServerPluginDisableSuggestions()] };
}

/** Whether the document selects `__schema` or `__type` anywhere (validation allows them at the root only). */
function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD](node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}
