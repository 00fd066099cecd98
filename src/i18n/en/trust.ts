/** Messages for the trust commands (en). */
import type { trust as zh } from '../zh-CN/trust.js';

export const trust: Record<keyof typeof zh, string> = {};
