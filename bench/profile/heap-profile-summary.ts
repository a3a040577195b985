import { readFileSync } from 'node:fs';
import { areaOf } from './cpu-profile-summary';

/** A V8 sampling heap profile (HeapProfiler.stopSampling), as far as this reads it. */
interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

export interface AllocationSummary {
  file: string;
  requests: number;
  /** Bytes allocated per request (sampled, objects collected since included). */
  mbPerRequest: number;
  byArea: { area: string; mbPerRequest: number; percent: number }[];
  topFrames: { frame: string; area: string; mbPerRequest: number; percent: number }[];
}

/**
 * Who allocates: a sampling heap profile taken with objects collected by minor and major GC kept,
 * so it counts everything allocated in the window (what the garbage collector then has to deal
 * with), not only what survived. Allocations in builtins count for the JS code that called them.
 */
export function summarizeHeapProfile(file: string, requests: number, top = 12): AllocationSummary {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const areaBytes = new Map<string, number>();
  const frameBytes = new Map<string, { area: string; bytes: number }>();
  let total = 0;
  const walk = (node: HeapNode, inheritedArea: string) => {
    const own = areaOf(node.callFrame.url);
    const area = own ?? inheritedArea;
    if (node.selfSize > 0) {
      total += node.selfSize;
      areaBytes.set(area, (areaBytes.get(area) ?? 0) + node.selfSize);
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${url.replace(/^.*\/(node_modules|src|bench)\//, '$1/').replace(/^file:\/\//, '')}:${lineNumber + 1}` : 'native';
      const key = `${functionName || '(anonymous)'} ${where}`;
      const entry = frameBytes.get(key) ?? { area, bytes: 0 };
      entry.bytes += node.selfSize;
      frameBytes.set(key, entry);
    }
    for (const child of node.children) walk(child, area);
  };
  walk(head, 'native');
  const mb = (bytes: number) => bytes / requests / 1e6;
  const pct = (bytes: number) => (total > 0 ? (100 * bytes) / total : 0);
  return {
    file,
    requests,
    mbPerRequest: mb(total),
    byArea: [...areaBytes].sort((a, b) => b[1] - a[1]).map(([area, bytes]) => ({ area, mbPerRequest: mb(bytes), percent: pct(bytes) })),
    topFrames: [...frameBytes]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, top)
      .map(([frame, { area, bytes }]) => ({ frame, area, mbPerRequest: mb(bytes), percent: pct(bytes) })),
  };
}
