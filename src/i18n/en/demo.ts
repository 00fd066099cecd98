/** Messages for the demo commands (en). */
import type { demo as zh } from '../zh-CN/demo.js';

export const demo: Record<keyof typeof zh, string> = {
  'demo.description': 'generate sample data: a realistic sample database, or (--csv) a dealer-style policy export file',
  'demo.opt.vehicles': 'number of vehicles (about 2 policies each), default {default}',
  'demo.opt.seed': 'random seed: the same seed on the same day gives exactly the same data, default {default}',
  'demo.opt.csv': 'write a policy export to this CSV file (UTF-8 with BOM, one row per policy) instead of the database',
  'demo.opt.force': 'replace a database that already has vehicles with the sample data; overwrite an existing CSV file',
  'demo.badNumber': '{option} "{value}" is not valid: give a whole number from {min} to {max}.',
  'demo.notEmpty': 'The database {path} already holds {vehicles} vehicles; no sample data was written.',
  'demo.notEmptyHint': 'Add --force to replace its vehicles, policies and register with sample data (settings and targets stay), or choose another file with --db.',
  'demo.progress': 'Generating: {done} / {total} vehicles...',
  'demo.csvWritten': 'Wrote the sample policy export {path}: {vehicles} vehicles, {rows} policy rows.',
  'demo.csvNext': 'Try importing it:',
  'demo.written': 'Wrote sample data to {path}: {vehicles} vehicles, {policies} policies, {cases} renewal cases, {events} register entries.',
  'demo.replaced': '(The {vehicles} vehicles it held, with their policies and register, were replaced.)',
  'demo.next': 'What to look at next:',
  'demo.nextToday': "today's SMS to send, calls to make, promised callbacks and lapsed customers",
  'demo.nextCall': 'call this customer and record the outcome with the script',
  'demo.nextReport': "last month's renewals against target, loss reasons and what to do about them",
};
