import type DataLoader from 'dataloader';

/** Loads related rows by id in one batch, dropping missing/removed ones, and maps them to GraphQL types. */
export async function loadMany<R, N>(loader: DataLoader<number, R | null>, ids: number[], toNode: (record: R) => N): Promise<N[]> {
  const records = await loader.loadMany(ids);
  return records.filter((r): r is R => r !== null && !(r instanceof Error)).map(toNode);
}
