/** Messages for the today commands (zh-CN). */
export const today = {} as const;
