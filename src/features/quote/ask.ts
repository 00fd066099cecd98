/**
 * `renew quote <plate>` on a terminal with no values: asks for the quote, starting from last
 * year's cover (last year's insurer when it is certified, last year's premiums as defaults).
 * The answers go through the same checks as the flags (record.ts).
 */
import type { Context } from '../context.js';
import type { Policy } from '../../storage/schema.js';
import { parseYuan } from '../../rules/money.js';
import { lastPremium } from '../call/facts.js';
import type { QuoteEntry } from './record.js';

export interface AskFacts {
  /** Certified insurers (canonical names). */
  insurers: readonly string[];
  lastInsurer: string | null;
  policies: readonly Policy[];
  validUntil: string;
}

/** The questions, in order; returns the answers as the flags would give them. */
export async function askQuoteEntry(ctx: Pick<Context, 'prompter' | 't'>, facts: AskFacts): Promise<QuoteEntry> {
  const { prompter, t } = ctx;
  const yuan = (cents: number | null) => (cents === null ? undefined : (cents / 100).toFixed(2));
  const amount = (value: string) => {
    const cents = parseYuan(value);
    return cents !== null && cents !== undefined && cents >= 0 ? true : t('quote.ask.badAmount', { value });
  };
  const insurer = await prompter.select(
    t('quote.ask.insurer'),
    facts.insurers.map((name) => ({ value: name, name: name === facts.lastInsurer ? t('quote.ask.lastYear', { name }) : name })),
    facts.lastInsurer && facts.insurers.includes(facts.lastInsurer) ? { default: facts.lastInsurer } : {},
  );
  const compulsory = await prompter.input(t('quote.ask.compulsory'), { default: yuan(lastPremium(facts.policies, 'compulsory')), validate: amount });
  const tax = await prompter.input(t('quote.ask.tax'), { default: '0', validate: amount });
  const commercial = await prompter.input(t('quote.ask.commercial'), { default: yuan(lastPremium(facts.policies, 'commercial')), validate: amount });
  const plan = await prompter.input(t('quote.ask.plan'), { default: '' });
  const validUntil = await prompter.input(t('quote.ask.validUntil'), { default: facts.validUntil });
  return { insurer, compulsory, tax, commercial, plan, validUntil };
}
