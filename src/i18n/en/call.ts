/** Messages for the call commands (en). */
import type { call as zh } from '../zh-CN/call.js';

export const call: Record<keyof typeof zh, string> = {};
