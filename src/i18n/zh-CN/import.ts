/** Messages for the import commands (zh-CN). */
export const importMessages = {} as const;
