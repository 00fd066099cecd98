/** Files the tool writes for people: owner-only, and never over an existing file without --force. */
import { closeSync, constants, fchmodSync, openSync, writeSync } from 'node:fs';
import { EXIT, RenewError } from '../errors.js';

export interface OutputFileOptions {
  /** Replace an existing file (`--force`). */
  force?: boolean;
}

/** Opens `path` for writing with mode 0600; refuses to clobber unless `force`. Returns a file descriptor. */
export function openOutputFile(path: string, options: OutputFileOptions = {}): number {
  const flags = constants.O_WRONLY | constants.O_CREAT | (options.force ? constants.O_TRUNC : constants.O_EXCL);
  try {
    const fd = openSync(path, flags, 0o600);
    // open() applies the mode only when it creates the file: a replaced file (--force) could stay group-readable.
    if (options.force) fchmodSync(fd, 0o600);
    return fd;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RenewError('errors.fileExists', { path }, EXIT.failure, 'errors.fileExistsHint');
    throw new RenewError('errors.cannotWrite', { path, code: code ?? String(e) });
  }
}

/** Writes a whole file at once under the same rules. */
export function writeOutputFile(path: string, content: string | Buffer, options: OutputFileOptions = {}): void {
  const fd = openOutputFile(path, options);
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content) : content);
  } finally {
    closeSync(fd);
  }
}
