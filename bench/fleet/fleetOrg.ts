import type { EmulatorUser, EmulatorWorks } from '@quickbi-embed/emulator';

/** A generated organisation big enough for the fleet: `users` end users and `reports` dashboards. */
export function fleetOrg(users: number, reports: number) {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const userList: EmulatorUser[] = Array.from({ length: users }, (_, i) => ({
    userId: `user-fleet-${pad(i + 1, 4)}`,
    accountName: `fleet${i + 1}`,
    accountType: 3,
    nickName: `Fleet user ${i + 1}`,
  }));
  const works: EmulatorWorks[] = Array.from({ length: reports }, (_, i) => ({
    worksId: `dash-fleet-${pad(i + 1, 3)}`,
    name: `Fleet report ${i + 1}`,
    worksType: 'dashboard',
    published: true,
    embedEnabled: true,
    components: [],
    globalParamKeys: ['region'],
    workspaceId: 'ws-fleet',
    ownerUserId: userList[0]?.userId ?? 'user-fleet-0001',
  }));
  return { users: userList, works };
}

/** A small deterministic PRNG (mulberry32), so every run asks for the same mix of keys. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
