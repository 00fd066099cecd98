/** Messages for the import commands (en). */
import type { importMessages as zh } from '../zh-CN/import.js';

export const importMessages: Record<keyof typeof zh, string> = {};
