/** Insurer exports the archive tests import. */

/** ZHANG's renewed policies (test/call/seed.ts), as the insurer's export brings them after the call. */
export const RENEWED_EXPORT = [
  '车牌号,险种类型,保险公司,保费,起保日期,保险止期,保单号',
  '粤A12345,交强险,中国人保,950,2026-12-16,2027-12-15,PDZA2026777',
  '粤A12345,商业险,中国人保,3200,2026-12-16,2027-12-15,PDAA2026777',
].join('\n');
