/** Messages for the report commands (en). */
import type { report as zh } from '../zh-CN/report.js';

export const report: Record<keyof typeof zh, string> = {};
