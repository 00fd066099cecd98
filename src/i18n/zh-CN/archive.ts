/** Messages for the policy archive: policies a renewal writes, and what can be typed in (zh-CN). */
export const archive = {
  'archive.policyNoTaken': '保单号 {policyNo} 已属于车辆 {plate}，不能再记到这辆车上。',
  'archive.ask.policyNo': '{kind}新保单号（还没出单就直接回车）',
  'archive.add.description': "手工录入一位客户、车辆和保单（导出里没有的：本店新车、到店客户）；未上牌的新车凭车架号录入，记为新保",
  'archive.add.opt.field': "同导入列“{column}”",
  'archive.add.opt.insurer': "保险公司（交强险、商业险都用它，除非分别指定）",
  'archive.add.opt.business': "业务类型：新保、续保、转保（或 new、renewal、switch；未上牌时默认新保）",
  'archive.add.badValue': "{flag} 的值“{value}”有问题：{reason}。",
  'archive.add.needsPlateOrVin': "请给出车牌号（--plate），未上牌的新车请给出车架号（--vin）。",
  'archive.add.badBusiness': "业务类型“{value}”不对：应为 新保、续保 或 转保。",
  'archive.add.plateTaken': "车辆 {plate} 已经在系统里了，不能再录入一次。",
  'archive.add.vinTaken': "车架号 {vin} 已属于车辆 {plate}：同一辆车不能录入两次。",
  'archive.add.takenHint': "查看这辆车请用 “renew history”。",
  'archive.add.done': "已录入 {plate}：{policies} 张保单。",
  'archive.add.doneUnplated': "已录入未上牌新车（车架号 {vin}）：{policies} 张保单；上牌后导入或修改时会自动对上这辆车。",
  'archive.add.ask.field': "{column}（直接回车跳过）",
  'archive.add.ask.business': "业务类型（新保、续保、转保）",
};
