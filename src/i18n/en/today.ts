/** Messages for the today commands (en). */
import type { today as zh } from '../zh-CN/today.js';

export const today: Record<keyof typeof zh, string> = {};
