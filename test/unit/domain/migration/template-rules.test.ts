import { describe, expect, it } from 'vitest';
import type { MigratedEntry } from '../../../../src/domain/migration/resolved-entry';
import { stageTemplate } from '../../../../src/domain/migration/rules/template-staging';
import { planTemplateRefAction, sourceReferenceMissingMessage } from '../../../../src/domain/migration/rules/template-ref-action';
import { TemplatePoolRefLedger } from '../../../../src/domain/migration/rules/template-pool-ref-ledger';
import { Placeholder } from '../../../../src/domain/migration/placeholders';
import {
  Ids,
  makeDirectDownloadTemplate,
  makeImageStore,
  makePool,
  makePoolRef,
  makeStoreRef,
  makeVolume,
} from '../../../factories/migration-snapshot.factory';

function migratedEntry(): MigratedEntry {
  return {
    index: 0,
    volume: makeVolume(),
    sourcePool: makePool({ id: Ids.sourcePool }),
    destinationPool: makePool({ id: Ids.destinationPool }),
  };
}

function stagingContext(refs: TemplatePoolRefLedger) {
  const dd = makeDirectDownloadTemplate();
  return {
    hooks: 'NON_MANAGED' as const,
    templates: new Map([[dd.id, dd]]),
    imageStores: [makeImageStore()],
    templateStoreRefs: [makeStoreRef()],
    refs,
  };
}

describe(stageTemplate.name, () => {
  it('downloads a direct-download template to the destination pool instead of copying it (R14 baseline hook)', () => {
    const refs = new TemplatePoolRefLedger([makePoolRef()]);

    expect(stageTemplate(migratedEntry(), stagingContext(refs))).toEqual({ kind: 'DIRECT_DOWNLOAD' });
    // The agent names the file, so the reference path is only known after execution.
    expect(refs.find(Ids.destinationPool, Ids.template)?.installPath).toBe(Placeholder.stagedTemplateInstallPath);
  });

  it('does not download a direct-download template the destination pool already holds (R14)', () => {
    const refs = new TemplatePoolRefLedger([makePoolRef({ poolId: Ids.destinationPool })]);

    expect(stageTemplate(migratedEntry(), stagingContext(refs))).toEqual({ kind: 'EXISTING_REFERENCE' });
  });

  it('stages nothing in the managed strategy (base hook is a no-op)', () => {
    const refs = new TemplatePoolRefLedger([]);

    expect(stageTemplate(migratedEntry(), { ...stagingContext(refs), hooks: 'MANAGED' })).toEqual({ kind: 'NONE' });
  });
});

describe(planTemplateRefAction.name, () => {
  const linkedCopy = {
    type: 'LinkedClone' as const,
    srcPoolUuid: 'pool-100-uuid',
    srcPoolType: 'NetworkFilesystem',
    srcPoolClusterId: 1,
    scopeType: 'CLUSTER',
    srcBackingFilePath: 'tmpl-500-on-100',
    copySrcTemplate: true,
    timeout: 60,
  };

  it('fails clearly, naming the source pool and template, when the source reference is missing (R21 [PR])', () => {
    const action = planTemplateRefAction(migratedEntry(), linkedCopy, new TemplatePoolRefLedger([]));

    expect(action).toEqual({ kind: 'FAIL_SOURCE_REFERENCE_MISSING', sourcePoolId: Ids.sourcePool, templateId: Ids.template });
    const message = sourceReferenceMissingMessage(Ids.sourcePool, Ids.template);
    expect(message).toContain('source template reference was not found');
    expect(message).toContain(`pool [${Ids.sourcePool}]`);
    expect(message).toContain(`template [${Ids.template}]`);
  });

  it('updates the first destination row in place with the source reference path (R21 [PR]: never insert over it)', () => {
    const refs = new TemplatePoolRefLedger([
      makePoolRef(),
      makePoolRef({ id: 60, poolId: Ids.destinationPool, installPath: 'old' }),
      makePoolRef({ id: 61, poolId: Ids.destinationPool, installPath: 'duplicate' }),
    ]);

    expect(planTemplateRefAction(migratedEntry(), linkedCopy, refs)).toEqual({
      kind: 'UPDATE',
      templatePoolRefId: 60,
      createdByEntryIndex: null,
    });
    expect(refs.find(Ids.destinationPool, Ids.template)).toEqual({
      refId: 60,
      createdByEntryIndex: null,
      installPath: 'tmpl-500-on-100',
    });
  });

  it('does nothing without copySrcTemplate (R21 only follows a copied backing file)', () => {
    const action = planTemplateRefAction(migratedEntry(), { ...linkedCopy, copySrcTemplate: false }, new TemplatePoolRefLedger([]));

    expect(action).toEqual({ kind: 'NONE' });
  });
});
