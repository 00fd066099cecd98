import { archive } from './archive.js';
import { archiveRegister } from './archive-register.js';
import { call } from './call.js';
import { common } from './common.js';
import { demo } from './demo.js';
import { groupReport } from './group-report.js';
import { importMessages } from './import.js';
import { proposal } from './proposal.js';
import { quote } from './quote.js';
import { quoteCheck } from './quote-check.js';
import { team } from './team.js';
import { report } from './report.js';
import { stores } from './stores.js';
import { reportCustomers } from './report-customers.js';
import { today } from './today.js';
import { trust } from './trust.js';

/** The zh-CN catalog: the reference every other language must match key for key. */
export const zhCN = { ...common, ...importMessages, ...today, ...call, ...report, ...reportCustomers, ...trust, ...demo, ...quoteCheck, ...proposal, ...archive, ...quote, ...archiveRegister, ...team, ...stores, ...groupReport };
