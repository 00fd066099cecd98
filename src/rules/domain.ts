/**
 * The words of the business every layer shares: the two kinds of policy, a case's
 * status, what a contact came to and how it was made. Storage stores them, rules
 * reason with them, the UI names them.
 */
export type PolicyKind = 'compulsory' | 'commercial';
export type CaseStatus = 'open' | 'renewed' | 'lost';
export type Outcome =
  | 'renewed'
  | 'callback'
  | 'lost'
  | 'no_answer'
  | 'unreachable'
  | 'do_not_call'
  | 'sms_sent';
/** How an event reached the register: a phone call, an SMS batch, or an imported renewing policy. */
export type Channel = 'phone' | 'sms' | 'wechat' | 'visit' | 'import';
/** A customer's business type (业务类型): 新保 a new car first insured here, 续保 a renewal, 转保 cover moved here. */
export const BUSINESSES = ['new', 'renewal', 'switch'] as const;
export type Business = (typeof BUSINESSES)[number];
