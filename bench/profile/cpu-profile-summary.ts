import { readFileSync } from 'node:fs';

/** The parts of a V8 .cpuprofile (the format `node --cpu-prof` and the inspector write) this reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Sampled time in the window, and the part the main thread was not idle. */
  totalMs: number;
  busyMs: number;
  /** Self time by where the code lives; builtins/native frames count for the JS frame that called them. */
  byArea: { area: string; ms: number; percentOfBusy: number }[];
  /** Hottest functions by self time. */
  topFrames: { frame: string; area: string; ms: number; percentOfBusy: number }[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** Where a script lives: an npm package, a folder of the gateway's src/, or Node's internals. */
export function areaOf(url: string): string | null {
  if (!url) return null;
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const parts = url.slice(inModules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const src = url.match(/\/src\/([^/]+)\//);
  if (src) return `gateway src/${src[1]}`;
  if (url.includes('/bench/')) return 'bench harness';
  if (url.startsWith('node:')) return 'node core';
  return 'other';
}

export function summarizeCpuProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Area of a node: its own script's, else the nearest ancestor's (a builtin counts for its caller).
  const areaCache = new Map<number, string>();
  const areaOfNode = (id: number): string => {
    const cached = areaCache.get(id);
    if (cached) return cached;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    let area: string;
    if (SPECIAL.has(name)) area = name;
    else area = areaOf(node.callFrame.url) ?? (parent.has(id) ? areaOfNode(parent.get(id)!) : 'native');
    if (area === '(root)') area = 'native';
    areaCache.set(id, area);
    return area;
  };

  // Samples under the inspector (stopping the profiler serializes it) are the harness, not the server.
  const harness = new Map<number, boolean>();
  const underInspector = (id: number): boolean => {
    const known = harness.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const result = node.callFrame.url === 'node:inspector' || (parent.has(id) && underInspector(parent.get(id)!));
    harness.set(id, result);
    return result;
  };

  const selfUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    if (underInspector(id)) return;
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    totalUs += delta;
  });
  let idleUs = 0;
  const areaUs = new Map<string, number>();
  const frameUs = new Map<string, { area: string; us: number }>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const area = areaOfNode(id);
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    areaUs.set(area, (areaUs.get(area) ?? 0) + us);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|src|bench)\//, '$1/').replace(/^file:\/\//, '')}:${lineNumber + 1}` : 'native';
    const key = `${functionName || '(anonymous)'} ${where}`;
    const entry = frameUs.get(key) ?? { area, us: 0 };
    entry.us += us;
    frameUs.set(key, entry);
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => (busyUs > 0 ? (100 * us) / busyUs : 0);
  return {
    file,
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    byArea: [...areaUs].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, ms: us / 1000, percentOfBusy: pct(us) })),
    topFrames: [...frameUs]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([frame, { area, us }]) => ({ frame, area, ms: us / 1000, percentOfBusy: pct(us) })),
  };
}
