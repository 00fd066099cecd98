/** Messages for the month report's customer figures: base, insured rate, new cover by business type, first-year renewal (en). */
import type { reportCustomers as zh } from '../zh-CN/report-customers.js';

export const reportCustomers: Record<keyof typeof zh, string> = {
  'report.section.customers': 'Customer base and insured rate',
  'report.customers.base': 'Customer base (vehicles)',
  'report.customers.insured': 'Insured at month end',
  'report.customers.insuredRate': 'Insured rate',
  'report.customers.started.new': 'Cover started: new car (新保)',
  'report.customers.started.renewal': 'Cover started: renewal (续保)',
  'report.customers.started.switch': 'Cover started: switched in (转保)',
  'report.customers.started.unknown': 'Cover started: type not recorded',
  'report.customers.firstYearDue': 'First-year cases due',
  'report.customers.firstYearRenewed': 'First-year cases renewed',
  'report.customers.firstYearRate': 'First-year renewal rate',
  'report.customers.overallRate': 'Overall renewal rate',

  'report.def.base':
    'Customer base: vehicles not sold, scrapped or purged that have a compulsory or commercial policy which ended between {baseFrom} and {to} or is in force on {to}.',
  'report.def.insured':
    'Insured: a policy with start ≤ {to} ≤ end, compulsory or commercial alike; a policy without a start date is taken as one year long (it has started when it ends before {undatedEndsBefore}). Insured rate = vehicles of the base insured on {to} / the base.',
  'report.def.started':
    'Cover started: vehicles with a policy whose start date falls in the month (sold and scrapped ones included), each counted once: renewal when one of those policies renews an earlier case of this store, otherwise the vehicle\'s business type (the import\'s 业务类型 column or renew add --business), "type not recorded" when there is none.',
  'report.def.firstYear':
    "First-year renewal rate: of the month's cases that are their vehicle's first case in the archive (no case due earlier) and belong to a new car (business type new, or no type recorded and first registered on or after {newCarFrom}), renewed / due. The overall renewal rate, beside it, covers every case due in the month.",

  'report.csv.customers': 'customers',
  'report.csv.base': 'base',
  'report.csv.insured': 'insured',
  'report.csv.insured_rate': 'insured_rate',
  'report.csv.started_new': 'started_new',
  'report.csv.started_renewal': 'started_renewal',
  'report.csv.started_switch': 'started_switch',
  'report.csv.started_unknown': 'started_unknown',
  'report.csv.first_year_due': 'first_year_due',
  'report.csv.first_year_renewed': 'first_year_renewed',
  'report.csv.first_year_renewal_rate': 'first_year_renewal_rate',
};
