/**
 * `<file>.rejects.csv`: the rows that were not imported, each with its line number,
 * the field(s) at fault and the reason, then the row as it was, so the user can fix
 * it in Excel and import the rejects file itself. UTF-8 with a BOM, owner-only.
 * Written to a temporary name while the import runs and renamed only when the
 * import commits; a failed or dry run leaves no rejects file behind.
 * `<file>.warnings.csv` is the same for rows imported with a warning (a detail
 * left empty or not verifiable): fixed there, importing it fills the details in.
 */
import { closeSync, renameSync, rmSync, writeSync } from 'node:fs';
import { csvLine, UTF8_BOM } from '../csv-write.js';
import { openOutputFile } from '../output-file.js';

export class RejectsFile {
  private fd: number | undefined;
  private buffer = '';
  readonly path: string;
  private readonly temp: string;

  constructor(
    source: string,
    private readonly header: readonly string[],
    private readonly labels: readonly [string, string, string],
    suffix: 'rejects' | 'warnings' = 'rejects',
  ) {
    this.path = `${source}.${suffix}.csv`;
    this.temp = `${this.path}.partial`;
  }

  add(line: number, fields: string, reason: string, cells: readonly string[]): void {
    if (this.fd === undefined) {
      this.fd = openOutputFile(this.temp, { force: true });
      this.buffer = UTF8_BOM + csvLine([...this.labels, ...this.header]);
    }
    this.buffer += csvLine([line, fields, reason, ...cells]);
    if (this.buffer.length > 1 << 16) this.flush();
  }

  /** Renames the finished file into place; returns its path, or null when no row was added. */
  commit(): string | null {
    if (this.fd === undefined) return null;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.temp, this.path);
    return this.path;
  }

  /** Removes the partial file (the import failed, or --strict kept nothing). */
  discard(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.temp, { force: true });
  }

  private flush(): void {
    if (this.fd !== undefined && this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
