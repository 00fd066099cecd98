/** Problems found in a quote's values (en). {field} is the value as the command line names it. */
import type { quoteCheck as zh } from '../zh-CN/quote-check.js';

export const quoteCheck: Record<keyof typeof zh, string> = {
  'quoteCheck.notMoney': '{field}: {value} is not an amount (at most two decimals).',
  'quoteCheck.negative': '{field}: {value} yuan is negative; amounts cannot be.',
  'quoteCheck.tooLarge': '{field}: {value} yuan is far too high (limit {max} yuan); check for an extra zero.',
  'quoteCheck.linesSum': 'The cover lines add up to {sum} yuan, not the commercial total of {commercial} yuan.',
  'quoteCheck.linesExceed': 'The priced cover lines already add up to {sum} yuan, more than the commercial total of {commercial} yuan.',
  'quoteCheck.badFactor': '{field}: {value} is not between {min} and {max}; copy the factor from the insurer\'s quote.',
  'quoteCheck.badDate': '{field}: {value} is not a date (use YYYY-MM-DD).',
  'quoteCheck.insurerMissing': '{field}: the insurer is missing.',
  'quoteCheck.unknownCover': '{field}: cover code {code} is not in the cover catalogue (data/coverages.json).',
  'quoteCheck.duplicateCover': '{field}: cover {code} is listed more than once.',
  'quoteCheck.sumMissing': '{field}: cover {code} needs a sum insured.',
  'quoteCheck.sumNotAllowed': '{field}: cover {code} has no sum insured; give only its premium.',
  'quoteCheck.badSeats': '{field}: {value} seats is not valid (1 to {max}).',
};
