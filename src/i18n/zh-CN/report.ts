/** Messages for the report commands (zh-CN). */
export const report = {} as const;
