/** Secrets the gateway generates once and keeps in its own table, shared by every replica on the database. */
export interface GatewaySecretStore {
  /**
   * The secret named `name`; the first caller stores `generate()`'s value. Concurrent first calls
   * (replicas starting together) all get the one value that was stored.
   */
  getOrCreate(name: string, generate: () => string): Promise<string>;
}
