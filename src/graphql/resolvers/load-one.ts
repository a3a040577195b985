import type DataLoader from 'dataloader';

/** Loads one related row by a nullable foreign key and maps it to its GraphQL type (no lookup for NULL). */
export async function loadOne<R, N>(loader: DataLoader<number, R | null>, id: number | null, toNode: (record: R) => N): Promise<N | null> {
  if (id === null) return null;
  const record = await loader.load(id);
  return record === null ? null : toNode(record);
}
