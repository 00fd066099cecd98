export async function writeDemoDatabase(..._a: unknown[]): Promise<{ vehicles: number; policies: number; cases: number; events: number; replaced: number; callPlate: string | null }> {
  throw new Error('not yet');
}
