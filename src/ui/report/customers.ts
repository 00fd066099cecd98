/**
 * The customer figures of the month report (features/report/customers.ts) as the
 * screen and Markdown show them: one table of figure and value, and their
 * definitions with the month's own boundary days filled in.
 */
import type { Translate } from '../../i18n/index.js';
import { customerDates } from '../../rules/customer-base.js';
import type { MonthReport } from '../../features/report/build.js';
import { pct } from './format.js';

export const CUSTOMER_ALIGN = ['l', 'r'] as const;

export function customerHeader(t: Translate): string[] {
  return [t('report.col.metric'), t('report.col.actual')];
}

/** [label, value]: base, insured and its rate, cover started by type, first-year renewal beside the overall rate. */
export function customerRows(t: Translate, report: MonthReport): string[][] {
  const c = report.customers;
  return [
    [t('report.customers.base'), String(c.base)],
    [t('report.customers.insured'), String(c.insured)],
    [t('report.customers.insuredRate'), pct(c.insuredRate)],
    [t('report.customers.started.new'), String(c.started.new)],
    [t('report.customers.started.renewal'), String(c.started.renewal)],
    [t('report.customers.started.switch'), String(c.started.switch)],
    [t('report.customers.started.unknown'), String(c.started.unknown)],
    [t('report.customers.firstYearDue'), String(c.firstYear.due)],
    [t('report.customers.firstYearRenewed'), String(c.firstYear.renewed)],
    [t('report.customers.firstYearRate'), pct(c.firstYear.renewalRate)],
    [t('report.customers.overallRate'), pct(report.figures.renewalRate)],
  ];
}

export const CUSTOMER_DEFINITION_KEYS = ['base', 'insured', 'started', 'firstYear'] as const;

/** The definitions of these figures for the report's month (the days they count from and to). */
export function customerDefinitions(t: Translate, report: MonthReport): string[] {
  const d = customerDates(report.month);
  return CUSTOMER_DEFINITION_KEYS.map((k) => t(`report.def.${k}`, { ...d }));
}
