import type { DataSource } from 'typeorm';
import type { GatewaySecretStore } from '../../app/ports/gateway-secret-store';
import { GatewaySecretEntity } from './entities';

/** GatewaySecretStore over `gateway_secret`: insert once, and read whichever insert won. */
export class TypeOrmGatewaySecretStore implements GatewaySecretStore {
  constructor(private readonly dataSource: DataSource) {}

  async getOrCreate(name: string, generate: () => string): Promise<string> {
    const secrets = this.dataSource.getRepository(GatewaySecretEntity);
    const existing = await secrets.findOneBy({ name });
    if (existing) return existing.value;
    try {
      await secrets.insert({ name, value: generate(), createdAt: new Date() });
    } catch (error) {
      // Another replica stored it first (primary key): theirs is the one everybody uses.
      const winner = await secrets.findOneBy({ name });
      if (winner) return winner.value;
      throw error;
    }
    return (await secrets.findOneByOrFail({ name })).value;
  }
}
