/** `renew custody --list` as text: the paper policies the store holds, longest held first (a table on a TTY, tab-separated when piped). */
import type { Io } from '../features/context.js';
import type { HeldPolicy } from '../features/archive/custody.js';

export async function renderHeld(o: Pick<Io, 't' | 'isTTY' | 'color'>, held: readonly HeldPolicy[]): Promise<string> {
  const { t } = o;
  if (held.length === 0) return `${t('archive.custody.listNone')}\n`;
  const head = [t('archive.custody.col.plate'), t('archive.custody.col.kind'), t('archive.custody.col.since'), t('archive.custody.col.days'), t('archive.custody.col.location')];
  const rows = held.map((h) => [h.plate, t(`call.kind.${h.kind}`), h.since, String(h.days), h.location ?? '']);
  if (!o.isTTY) return (await import('./plain-text.js')).tsv(head, rows);
  const { boxTable } = await import('./terminal.js');
  return `${t('archive.custody.listHeading', { count: held.length })}\n${await boxTable(head, rows, { color: o.color, align: ['left', 'left', 'left', 'right', 'left'] })}`;
}
