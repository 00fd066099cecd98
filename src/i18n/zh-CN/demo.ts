/** Messages for the demo commands (zh-CN). */
export const demo = {} as const;
