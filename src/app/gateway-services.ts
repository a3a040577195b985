/**
 * The use cases the GraphQL layer may call, assembled by the composition root (main.ts).
 * Grows as use cases land; resolvers forward to these in a line or two.
 */
export interface GatewayServices {
  [name: string]: unknown;
}
