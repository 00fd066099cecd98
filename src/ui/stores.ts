/** What `renew store add` says and `renew store list` prints. */
import type { Io } from '../features/context.js';
import type { StoreAdded, storeList } from '../features/stores/run.js';
import { printJson } from './json.js';
import { boxTable, plainTable } from './terminal.js';

/** One line on stderr; the first store also says how many vehicles it took. */
export function printStoreAdded(o: Pick<Io, 'err' | 't'>, added: StoreAdded): void {
  o.err.write(o.t('stores.added', { code: added.code, name: added.name }) + '\n');
  if (added.adopted > 0) o.err.write(o.t('stores.adopted', { code: added.code, vehicles: added.adopted }) + '\n');
}

/** The stores as JSON, a table on a TTY, plain columns when piped. */
export async function printStores(o: Pick<Io, 'out' | 'err' | 't' | 'isTTY' | 'color'>, list: Awaited<ReturnType<typeof storeList>>, json: boolean): Promise<void> {
  const { t } = o;
  if (json) {
    printJson(o.out, list.stores.map((s) => ({ code: s.code, name: s.name, vehicles: s.vehicles, open_cases: s.openCases })));
    return;
  }
  if (list.stores.length === 0) {
    o.err.write(t('stores.none') + '\n');
    return;
  }
  const header = ['code', 'name', 'vehicles', 'openCases'].map((k) => t(`stores.col.${k}` as Parameters<typeof t>[0]));
  const cells = list.stores.map((s) => [s.code, s.name, String(s.vehicles), String(s.openCases)]);
  const align = ['l', 'l', 'r', 'r'] as const;
  o.out.write(o.isTTY ? await boxTable(header, cells, { color: o.color, align: align.map((a) => (a === 'r' ? 'right' : 'left')) }) : plainTable(header, cells, align));
  if (list.unassigned.vehicles > 0) o.err.write(t('stores.unassigned', { vehicles: list.unassigned.vehicles }) + '\n');
}
