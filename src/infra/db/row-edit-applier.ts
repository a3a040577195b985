import { type EntityManager, IsNull } from 'typeorm';
import { StateChangedError } from '../../app/ports/migration-bookkeeping';
import { expungeEvents, type VmRowEdit, type VolumeRowEdit, walkVolume } from '../../domain/migration';
import { VmEntity, VolumeEntity } from './entities';

/**
 * Applies one domain VolumeRowEdit as CloudStack's DAO applies transitions: read the row, walk the
 * edit's events from the state found (then to Expunged when asked), and write the end state, the
 * fields and `update_count + <transitions>` in ONE update conditional on the state and update_count
 * read (or the one the plan read). 0 rows updated is a lost race (StateChangedError).
 */
export async function applyVolumeEdit(m: EntityManager, edit: VolumeRowEdit, now: Date): Promise<void> {
  const label = edit.label ?? String(edit.volumeId);
  const row = await m.findOne(VolumeEntity, { where: { id: edit.volumeId }, select: { id: true, uuid: true, state: true, updateCount: true, removed: true } });
  if (!row) {
    // Expunging a row that is gone is done; anything else needs the row.
    if (edit.expunge) return;
    throw new StateChangedError(`Volume ${label} no longer exists`);
  }
  const from = row.state ?? '';
  const events = edit.onlyFrom === undefined || from === edit.onlyFrom ? edit.events : [];
  const walked = walkVolume(from, events);
  if (!walked.ok) throw new StateChangedError(`Volume ${edit.label ?? row.uuid ?? edit.volumeId} cannot go from ${walked.at} on ${walked.event}`);
  let { state, transitions } = walked;
  let removed: Date | undefined;
  if (edit.expunge && !(state === 'Expunged' && row.removed)) {
    const expunged = walkVolume(state, expungeEvents(state));
    if (!expunged.ok) throw new StateChangedError(`Volume ${label} cannot be expunged from ${expunged.at}`);
    state = expunged.state;
    transitions += expunged.transitions;
    removed = row.removed ?? now;
  }
  if (transitions === 0 && edit.set === undefined && removed === undefined) return;
  const result = await m
    .createQueryBuilder()
    .update(VolumeEntity)
    .set({
      ...edit.set,
      ...(removed && { removed }),
      ...(transitions > 0 && { state, updateCount: () => `update_count + ${transitions}` }),
      updated: now,
    })
    .where({ id: edit.volumeId, state: from, updateCount: edit.expectedUpdateCount ?? row.updateCount })
    .execute();
  if ((result.affected ?? 0) !== 1) throw new StateChangedError(`Volume ${edit.label ?? row.uuid ?? edit.volumeId} state has changed: ${from}`);
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
