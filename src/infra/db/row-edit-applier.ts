import { type EntityManager, IsNull } from 'typeorm';
import { StateChangedError } from '../../app/ports/migration-bookkeeping';
import { expungeEvents, type VmRowEdit, type VolumeRowEdit, type VolumeVersion, walkVolume } from '../../domain/migration';
import { VmEntity, VolumeEntity } from './entities';

/** What an applied edit left in the row (null: the row is gone or was not changed). */
type WrittenVersion = { volumeId: number } & VolumeVersion;

interface FoundRow {
  uuid: string | null;
  state: string | null;
  updateCount: number;
  removed: Date | null;
}

/**
 * Applies one domain VolumeRowEdit as CloudStack's DAO applies transitions: walk the edit's events
 * from the row's state (then to Expunged when asked), and write the end state, the fields and
 * `update_count + <transitions>` in ONE update conditional on the state and update_count read (or
 * the one the plan read). 0 rows updated is a lost race (StateChangedError). With `edit.seen` (the
 * row as the job last wrote it) the update is tried from it first, without a read; only a row that
 * changed since is read, and then handled exactly as without `seen`.
 */
export async function applyVolumeEdit(m: EntityManager, edit: VolumeRowEdit, now: Date): Promise<WrittenVersion | null> {
  const seen = edit.seen;
  if (seen && (edit.expectedUpdateCount === undefined || edit.expectedUpdateCount === seen.updateCount)) {
    const written = await updateFrom(m, edit, { uuid: null, state: seen.state, updateCount: seen.updateCount, removed: null }, now, 'try');
    if (written !== undefined) return written;
  }
  const row = await m.findOne(VolumeEntity, { where: { id: edit.volumeId }, select: { id: true, uuid: true, state: true, updateCount: true, removed: true } });
  if (!row) {
    // Expunging a row that is gone is done; anything else needs the row.
    if (edit.expunge) return null;
    throw new StateChangedError(`Volume ${edit.label ?? String(edit.volumeId)} no longer exists`);
  }
  return (await updateFrom(m, edit, row, now, 'final')) ?? null;
}

/**
 * The conditional update of `edit` from `row`. 'try' (the row as last seen, not read): undefined
 * when that guess does not hold or leaves nothing to write, so the caller reads the row.
 */
async function updateFrom(m: EntityManager, edit: VolumeRowEdit, row: FoundRow, now: Date, mode: 'try' | 'final'): Promise<WrittenVersion | null | undefined> {
  const label = edit.label ?? String(edit.volumeId);
  const from = row.state ?? '';
  const events = edit.onlyFrom === undefined || from === edit.onlyFrom ? edit.events : [];
  const walked = walkVolume(from, events);
  if (!walked.ok) {
    if (mode === 'try') return undefined;
    throw new StateChangedError(`Volume ${edit.label ?? row.uuid ?? edit.volumeId} cannot go from ${walked.at} on ${walked.event}`);
  }
  let { state, transitions } = walked;
  let removed: Date | undefined;
  if (edit.expunge && !(state === 'Expunged' && row.removed)) {
    const expunged = walkVolume(state, expungeEvents(state));
    if (!expunged.ok) {
      if (mode === 'try') return undefined;
      throw new StateChangedError(`Volume ${label} cannot be expunged from ${expunged.at}`);
    }
    state = expunged.state;
    transitions += expunged.transitions;
    removed = row.removed ?? now;
  }
  if (transitions === 0 && edit.set === undefined && removed === undefined) return mode === 'try' ? undefined : null;
  const updateCount = mode === 'try' ? row.updateCount : (edit.expectedUpdateCount ?? row.updateCount);
  const result = await m
    .createQueryBuilder()
    .update(VolumeEntity)
    .set({
      ...edit.set,
      ...(removed && { removed }),
      ...(transitions > 0 && { state, updateCount: () => `update_count + ${transitions}` }),
      updated: now,
    })
    .where({ id: edit.volumeId, state: from, updateCount })
    .execute();
  if ((result.affected ?? 0) === 1) return removed ? null : { volumeId: edit.volumeId, state, updateCount: updateCount + transitions };
  if (mode === 'try') return undefined;
  throw new StateChangedError(`Volume ${edit.label ?? row.uuid ?? edit.volumeId} state has changed: ${from}`);
}

/**
 * A VM transition (VMInstanceDaoImpl.updateState): state, host and pod in one update, conditional
 * on the state and, where the edit says, on update_count and host. An end transition (no
 * update_count condition) that finds the VM no longer in `from` changes nothing: it is idempotent.
 */
export async function applyVmEdit(m: EntityManager, edit: VmRowEdit, now: Date): Promise<void> {
  const result = await m
    .createQueryBuilder()
    .update(VmEntity)
    .set({ state: edit.to, ...edit.set, updateCount: () => 'update_count + 1', updateTime: now })
    .where({
      id: edit.vmId,
      state: edit.from,
      ...(edit.expectedUpdateCount !== undefined && { updateCount: edit.expectedUpdateCount }),
      ...(edit.expectedHostId !== undefined && { hostId: edit.expectedHostId ?? IsNull() }),
    })
    .execute();
  if ((result.affected ?? 0) !== 1 && edit.expectedUpdateCount !== undefined) {
    throw new StateChangedError(`Migration cancelled because state has changed: ${edit.label}`);
  }
}
