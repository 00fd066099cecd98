/** The dealer group's stores: adding and listing them, what --store means (en). */
import type { stores as zh } from '../zh-CN/stores.js';

export const stores: Record<keyof typeof zh, string> = {
  'cli.opt.store': "store code (e.g. GZ01): today, call, sms, quote --due, report, target, settings, user list, assign, recycle, import and add work on that store, and commands taking a plate refuse another store's vehicle; all for every store (default: your own store, else every store)",
  'stores.description': "the dealer group's stores: add one, see each store's vehicles and open cases",
  'stores.add.description': 'add a store (the first one takes every vehicle that has no store yet)',
  'stores.list.description': 'list the stores with their vehicles and open cases',
  'stores.arg.code': "the store's code: letters, digits, - or _, at most 16 (e.g. GZ01)",
  'stores.arg.name': "the store's name (e.g. 广州天河店)",
  'stores.added': 'Added store {code} ({name}).',
  'stores.adopted': 'The {vehicles} vehicles already here (and their renewal cases) now belong to store {code}.',
  'stores.none': 'No stores yet. Add one: renew store add GZ01 广州天河店',
  'stores.unassigned': '{vehicles} more vehicles belong to no store (import them again with renew import --store CODE to place them).',
  'stores.col.code': 'Code',
  'stores.col.name': 'Store',
  'stores.col.vehicles': 'Vehicles',
  'stores.col.openCases': 'Open cases',
  'stores.badCode': 'Store code "{code}" cannot be used: letters, digits, - or _ only, at most 16, and not "all".',
  'stores.badName': "The store's name cannot be empty.",
  'stores.taken': 'Store code {code} is already "{name}".',
  'stores.unknown': 'There is no store with code {code} (stores: {known}).',
  'stores.unknownHint': 'To see the stores: renew store list',
  'stores.settingSaved': 'Saved for store {store}: {key} = {value}',
  'stores.otherStore': '{plate} is not a customer of {current}, the store you are working on (its store: {store}).',
  'stores.otherStoreHint': 'To work on this customer anyway, add --store {option}.',
  'stores.choose': 'This database has several stores ({known}): name the one these vehicles belong to with --store CODE.',
};
