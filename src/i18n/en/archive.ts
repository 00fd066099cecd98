/** Messages for the policy archive: policies a renewal writes, and what can be typed in (en). */
import type { archive as zh } from '../zh-CN/archive.js';

export const archive: Record<keyof typeof zh, string> = {
  'archive.policyNoTaken': 'Policy number {policyNo} already belongs to vehicle {plate}; it cannot be recorded on this one as well.',
  'archive.ask.policyNo': '{kind} new policy number (Enter if not issued yet)',
  'archive.add.description': "type in a customer, vehicle and policies no export has (a new car sold here, a walk-in); a new car without its plate yet goes in by VIN, as new-car business",
  'archive.add.opt.field': "as the import column \"{column}\"",
  'archive.add.opt.insurer': "insurer (of both kinds unless each names its own)",
  'archive.add.opt.business': "business type: new, renewal or switch (or 新保, 续保, 转保; default new when there is no plate yet)",
  'archive.add.badValue': "{flag}: \"{value}\" is not right: {reason}.",
  'archive.add.needsPlateOrVin': "Give the plate (--plate), or for a new car without its plate yet the VIN (--vin).",
  'archive.add.badBusiness': "Business type \"{value}\" is not one of new, renewal, switch (新保, 续保, 转保).",
  'archive.add.plateTaken': "Vehicle {plate} is already in the store; it cannot be added twice.",
  'archive.add.vinTaken': "VIN {vin} already belongs to vehicle {plate}: one car cannot be added twice.",
  'archive.add.takenHint': "To see it: \"renew history\".",
  'archive.add.done': "Added {plate}: {policies} policies.",
  'archive.add.doneUnplated': "Added a new car without a plate (VIN {vin}): {policies} policies; an import or edit that brings the plate finds this car.",
  'archive.add.ask.field': "{column} (Enter to skip)",
  'archive.add.ask.business': "Business type (new, renewal, switch)",
};
