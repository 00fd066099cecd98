/**
 * The plates and policy keys an import has written so far, remembered as 53-bit
 * hashes in one open-addressed table of doubles: a million keys cost 16 MB and no
 * object the garbage collector must trace (a Set of strings or of non-small numbers
 * keeps one object per key alive through the whole import). A collision can only
 * make a key look met when it was not: the import then takes its general path,
 * which is right for any row, so the answer stays exact.
 */
export class SeenKeys {
  /** 0 marks an empty slot: keyHash never returns 0. */
  private table = new Float64Array(1 << 16);
  private size = 0;

  has(text: string): boolean {
    const h = keyHash(text);
    const mask = this.table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.table[i] as number;
      if (v === h) return true;
      if (v === 0) return false;
    }
  }

  add(text: string): void {
    if ((this.size + 1) * 2 > this.table.length) this.grow();
    if (this.put(this.table, keyHash(text))) this.size++;
  }

  clear(): void {
    this.table = new Float64Array(1 << 16);
    this.size = 0;
  }

  /** Puts `h` in `table`; false when it was there already. */
  private put(table: Float64Array, h: number): boolean {
    const mask = table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = table[i] as number;
      if (v === h) return false;
      if (v === 0) {
        table[i] = h;
        return true;
      }
    }
  }

  private grow(): void {
    const bigger = new Float64Array(this.table.length * 2);
    for (const h of this.table) if (h !== 0) this.put(bigger, h);
    this.table = bigger;
  }
}

/** Two 32-bit FNV-1a variants over the UTF-16 code units, as one number in [1, 2^53). */
function keyHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff) || 1;
}
