/** Problems found in a quote's values (zh-CN). {field} is the value as the command line names it. */
export const quoteCheck = {
  'quoteCheck.notMoney': '{field}：{value} 不是有效金额（最多两位小数）。',
  'quoteCheck.negative': '{field}：{value} 元是负数，金额不能为负。',
  'quoteCheck.tooLarge': '{field}：{value} 元明显偏高（上限 {max} 元），请核对是否多打了零。',
  'quoteCheck.linesSum': '各险种保费合计 {sum} 元，与商业险总额 {commercial} 元不一致。',
  'quoteCheck.linesExceed': '已填保费的险种合计 {sum} 元，已超过商业险总额 {commercial} 元。',
  'quoteCheck.badFactor': '{field}：{value} 不在 {min} 到 {max} 之间，请按保险公司报价单填写系数。',
  'quoteCheck.badDate': '{field}：{value} 不是有效日期（格式 YYYY-MM-DD）。',
  'quoteCheck.insurerMissing': '{field}：请填写保险公司。',
  'quoteCheck.unknownCover': '{field}：险种代码 {code} 不在险种目录（data/coverages.json）中。',
  'quoteCheck.duplicateCover': '{field}：险种 {code} 填了不止一次。',
  'quoteCheck.sumMissing': '{field}：险种 {code} 需要填写保额。',
  'quoteCheck.sumNotAllowed': '{field}：险种 {code} 没有保额，请只填保费。',
  'quoteCheck.badSeats': '{field}：座位数 {value} 无效（1 到 {max}）。',
};
