/** Messages for the call commands (zh-CN). */
export const call = {} as const;
