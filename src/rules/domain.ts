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
  | 'sms_sent'
  /** A written proposal (建议书) went to the customer: not a call, so not an attempt. */
  | 'proposal_sent'
  /**
   * The vehicle was sold or scrapped (`renew edit --status`): closes its open case as
   * lost with that reason, like a lost call, but it is no contact, so not an attempt.
   */
  | 'vehicle_gone';
/**
 * How an event reached the register: a phone call, an SMS batch, an imported renewing policy, how a
 * proposal went out, or `edit`: the vehicle's details changed (`renew edit --status`).
 */
export type Channel = 'phone' | 'sms' | 'wechat' | 'visit' | 'import' | 'email' | 'fax' | 'print' | 'edit';
/** How a proposal can go out (`renew proposal --sent`). */
export const PROPOSAL_CHANNELS = ['wechat', 'email', 'fax', 'print', 'visit'] as const satisfies readonly Channel[];
/** Where a cheaper price the customer named came from. */
export const COMPETITOR_CHANNELS = ['telesales', 'online', 'other_store', 'other'] as const;
export type CompetitorChannel = (typeof COMPETITOR_CHANNELS)[number];
/** A quote typed in by the specialist, or read from an insurer's file. */
export type QuoteSource = 'entry' | 'import';
/** A customer's business type (业务类型): 新保 a new car first insured here, 续保 a renewal, 转保 cover moved here. */
export const BUSINESSES = ['new', 'renewal', 'switch'] as const;
export type Business = (typeof BUSINESSES)[number];
/** What a person of the store may do: a specialist works their queue; a lead or manager also assigns and sets up. */
export const USER_ROLES = ['specialist', 'lead', 'manager'] as const;
export type UserRole = (typeof USER_ROLES)[number];
/** A vehicle that left the store's customers: sold (车辆转卖) or scrapped (报废). */
export const VEHICLE_STATUSES = ['sold', 'scrapped'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];
/** What happened to a paper policy in the store's custody (代管保单). */
export const CUSTODY_ACTIONS = ['received', 'handed_over', 'posted'] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];
/** A renewal deposit (续保押金) is received, refunded (in part or whole) or forfeited. */
export const DEPOSIT_ACTIONS = ['received', 'refunded', 'forfeited'] as const;
export type DepositAction = (typeof DEPOSIT_ACTIONS)[number];
export const DEPOSIT_METHODS = ['cash', 'card', 'transfer'] as const;
export type DepositMethod = (typeof DEPOSIT_METHODS)[number];
