/** Messages for the policy archive: policies a renewal writes, and what can be typed in (zh-CN). */
export const archive = {
  'archive.policyNoTaken': '保单号 {policyNo} 已属于车辆 {plate}，不能再记到这辆车上。',
  'archive.ask.policyNo': '{kind}新保单号（还没出单就直接回车）',
};
