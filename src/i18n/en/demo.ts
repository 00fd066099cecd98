/** Messages for the demo commands (en). */
import type { demo as zh } from '../zh-CN/demo.js';

export const demo: Record<keyof typeof zh, string> = {};
