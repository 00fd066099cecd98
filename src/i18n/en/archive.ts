/** Messages for the policy archive: policies a renewal writes, and what can be typed in (en). */
import type { archive as zh } from '../zh-CN/archive.js';

export const archive: Record<keyof typeof zh, string> = {
  'archive.policyNoTaken': 'Policy number {policyNo} already belongs to vehicle {plate}; it cannot be recorded on this one as well.',
  'archive.ask.policyNo': '{kind} new policy number (Enter if not issued yet)',
};
