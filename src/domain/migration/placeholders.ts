/**
 * Values only execution knows. The plan shows these where a dry run cannot know the real value;
 * the executor calls the same command builders with the real ones.
 */
export const Placeholder = {
  /** R16: the executor generates the destination volume uuid. */
  destinationVolumeUuid: '{destinationVolumeUuid}',
  /** R20: a managed destination is known by the iSCSI name its driver gives the new volume. */
  destinationVolumeIscsiName: '{destinationVolumeIscsiName}',
  /** R23 (managed) / R24 (non-managed to NFS): first path of the ModifyTargetsAnswer. */
  connectedPath: '{connectedPath}',
  /** R14: a direct download writes a file name the agent generates. */
  stagedTemplateInstallPath: '{stagedTemplateInstallPath}',
} as const;

/** R16: the id comes from `sequence.volume_seq` at execution; 0 never names a row. */
export const UNALLOCATED_VOLUME_ID = 0;
