/**
 * Is the database on a network filesystem? SQLite's locking and WAL shared memory
 * are unreliable over NFS and SMB: two specialists on two machines could corrupt
 * the file. Linux tells us through statfs's filesystem type (FUSE mounts are
 * looked up in /proc/mounts for their real kind); elsewhere we cannot tell cheaply
 * and say nothing.
 */
import { readFileSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** statfs f_type magic numbers of network filesystems (linux/magic.h and friends). */
const NETWORK_MAGIC: ReadonlyMap<number, string> = new Map([
  [0x6969, 'nfs'],
  [0x517b, 'smb'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x73757245, 'coda'],
  [0x5346414f, 'afs'],
  [0x6b414653, 'afs'],
  [0x564c, 'ncp'],
  [0x01021997, '9p'],
  [0x00c36400, 'ceph'],
  [0x0bd00bd0, 'lustre'],
  [0x01161970, 'gfs2'],
  [0x7461636f, 'ocfs2'],
]);
const FUSE_MAGIC = 0x65735546;
/** FUSE subtypes and mount types that reach over the network. */
const NETWORK_TYPES = /^(nfs\d*|cifs|smb\d*|smbfs|9p|ceph|glusterfs|lustre|afs|coda|ncpfs|davfs|fuse\.(sshfs|rclone|s3fs|gcsfuse|davfs2?|glusterfs|cephfs|smbnetfs|goofys|juicefs))$/;

export interface FilesystemProbe {
  statfsType(path: string): number | undefined;
  mounts(): string | undefined;
}

const realProbe: FilesystemProbe = {
  statfsType(path) {
    try {
      return statfsSync(path).type >>> 0;
    } catch {
      return undefined;
    }
  },
  mounts() {
    try {
      return readFileSync('/proc/mounts', 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** The network filesystem holding `dbPath` ('nfs', 'cifs', 'fuse.sshfs' ...), or null when local or unknown. */
export function networkFilesystem(dbPath: string, probe: FilesystemProbe = realProbe): string | null {
  if (dbPath === ':memory:') return null;
  const dir = dirname(resolve(dbPath));
  const type = probe.statfsType(dir);
  if (type !== undefined) {
    const known = NETWORK_MAGIC.get(type);
    if (known) return known;
    if (type !== FUSE_MAGIC) return null;
  }
  const mount = mountFor(dir, probe.mounts());
  return mount && NETWORK_TYPES.test(mount) ? mount : null;
}

/** The filesystem type of the longest mount point containing `dir`, from /proc/mounts text. */
export function mountFor(dir: string, mounts: string | undefined): string | undefined {
  if (!mounts) return undefined;
  let best: { point: string; type: string } | undefined;
  for (const line of mounts.split('\n')) {
    const [, rawPoint, type] = line.split(' ');
    if (!rawPoint || !type) continue;
    // /proc/mounts escapes spaces and the like as octal.
    const point = rawPoint.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const inside = point === '/' || dir === point || dir.startsWith(point.endsWith('/') ? point : `${point}/`);
    if (inside && (!best || point.length >= best.point.length)) best = { point, type };
  }
  return best?.type;
}
