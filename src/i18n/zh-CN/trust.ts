/** Messages for the trust commands (zh-CN). */
export const trust = {} as const;
