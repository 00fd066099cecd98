/** Personal data shown only as much as the task needs. */

/** 13812341234 -> 138****1234. Short or odd values keep only their last two characters. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.length >= 7) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return '*'.repeat(Math.max(0, phone.length - 2)) + phone.slice(-2);
}

/** 44010619900101123X -> 440***********123X (first 3 and last 4 kept). */
export function maskId(id: string | null | undefined): string {
  if (!id) return '';
  if (id.length <= 7) return '*'.repeat(id.length);
  return id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4);
}
