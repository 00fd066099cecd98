/** Messages for the month report's customer figures: base, insured rate, new cover by business type, first-year renewal (zh-CN). */
export const reportCustomers = {
  'report.section.customers': '客户基盘与在保率',
  'report.customers.base': '客户基盘（台）',
  'report.customers.insured': '月末在保（台）',
  'report.customers.insuredRate': '在保率',
  'report.customers.started.new': '本月起保：新保（台）',
  'report.customers.started.renewal': '本月起保：续保（台）',
  'report.customers.started.switch': '本月起保：转保（台）',
  'report.customers.started.unknown': '本月起保：未注明类型（台）',
  'report.customers.firstYearDue': '首年续保：到期（台）',
  'report.customers.firstYearRenewed': '首年续保：已续保（台）',
  'report.customers.firstYearRate': '首年续保率',
  'report.customers.overallRate': '整体续保率',

  'report.def.base':
    '客户基盘：未转卖、未报废、个人信息未清除的车辆中，有交强险或商业险保单在 {baseFrom} 至 {to} 之间到期、或在 {to} 仍在保的车辆台数。',
  'report.def.insured':
    '在保：起保日 ≤ {to} ≤ 到期日的保单，交强险或商业险任一即算；没有起保日的保单按一年期推算（到期日早于 {undatedEndsBefore} 即视为已起保）。在保率 = 基盘中 {to} 在保的台数 ÷ 基盘台数。',
  'report.def.started':
    '本月起保：有保单起保日在本月的车辆（含已转卖、报废的），每台只计一种：有保单接续本店上一期案件的算续保，否则按车辆的业务类型（导入的“业务类型”列或 renew add --business）算新保、续保或转保，没注明的算“未注明类型”。',
  'report.def.firstYear':
    '首年续保率：本月到期的案件中，是该车在本店档案里的第一个案件（没有更早到期的案件）、且是新车（业务类型为新保，或未注明类型而初次登记日期不早于 {newCarFrom}）的，已续保台数 ÷ 这些案件台数；整体续保率是全部当月到期案件的续保率，与之对照。',

  'report.csv.customers': '客户基盘',
  'report.csv.base': '基盘台数',
  'report.csv.insured': '月末在保台数',
  'report.csv.insured_rate': '在保率',
  'report.csv.started_new': '本月起保新保台数',
  'report.csv.started_renewal': '本月起保续保台数',
  'report.csv.started_switch': '本月起保转保台数',
  'report.csv.started_unknown': '本月起保未注明类型台数',
  'report.csv.first_year_due': '首年到期台数',
  'report.csv.first_year_renewed': '首年续保台数',
  'report.csv.first_year_renewal_rate': '首年续保率',
};
