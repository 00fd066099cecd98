/** A realistic proposal input shared by the proposal tests and bench/proposal.mjs. */
import type { Lang } from '../../src/i18n/index.js';
import { dataDirs } from '../../src/features/data-files.js';
import { loadCoverages } from '../../src/features/quote/coverages.js';
import { loadProposalTexts } from '../../src/features/quote/proposal-texts.js';
import type { ProposalInput } from '../../src/features/quote/proposal-view.js';
import type { Quote } from '../../src/features/quote/types.js';

const yuan = (n: number) => Math.round(n * 100);

/** Three plans of increasing cover; lines add up to each commercial total. */
export const SAMPLE_QUOTES: Quote[] = [
  {
    insurer: '中国人民财产保险', plan: '经济型', compulsory: yuan(950), tax: yuan(360), commercial: yuan(2466.3),
    lines: [
      { code: 'damage', sumInsured: yuan(128_000), premium: yuan(1520.4) },
      { code: 'third_party', sumInsured: yuan(1_000_000), premium: yuan(845.9) },
      { code: 'driver', sumInsured: yuan(10_000), premium: yuan(30) },
      { code: 'passenger', sumInsured: yuan(10_000), seats: 4, premium: yuan(70) },
    ],
    ncd: 0.85, pricingFactor: 0.95, gifts: ['免费洗车 4 次'], validUntil: '2026-12-10', note: null,
  },
  {
    insurer: '平安财产保险', plan: '推荐型', compulsory: yuan(950), tax: yuan(360), commercial: yuan(3188.6),
    lines: [
      { code: 'damage', sumInsured: yuan(128_000), premium: yuan(1498) },
      { code: 'third_party', sumInsured: yuan(2_000_000), premium: yuan(1096.6) },
      { code: 'driver', sumInsured: yuan(20_000), premium: yuan(58) },
      { code: 'passenger', sumInsured: yuan(20_000), seats: 4, premium: yuan(136) },
      { code: 'medical_outside_insurance', sumInsured: yuan(20_000), premium: yuan(98) },
      { code: 'wheel', sumInsured: yuan(5_000), premium: yuan(120) },
      { code: 'holiday_double', sumInsured: null, premium: yuan(32) },
      { code: 'roadside', sumInsured: null, premium: yuan(150) },
    ],
    ncd: 0.85, pricingFactor: 0.92, gifts: ['道路救援 不限次', '四轮定位 1 次'], validUntil: '2026-12-08', note: '续保老客户优惠',
  },
  {
    insurer: '太平洋财产保险', plan: '全面型', compulsory: yuan(950), tax: yuan(360), commercial: yuan(3890),
    lines: [
      { code: 'damage', sumInsured: yuan(128_000), premium: yuan(1510) },
      { code: 'third_party', sumInsured: yuan(3_000_000), premium: yuan(1310) },
      { code: 'driver', sumInsured: yuan(50_000), premium: yuan(120) },
      { code: 'passenger', sumInsured: yuan(50_000), seats: 4, premium: yuan(300) },
      { code: 'medical_outside_insurance', sumInsured: yuan(50_000), premium: yuan(150) },
      { code: 'scratch', sumInsured: yuan(5_000), premium: yuan(280) },
      { code: 'wheel', sumInsured: yuan(5_000), premium: yuan(110) },
      { code: 'repair_compensation', sumInsured: yuan(3_000), premium: yuan(60) },
      { code: 'holiday_double', sumInsured: null, premium: yuan(30) },
      { code: 'safety_check', sumInsured: null, premium: yuan(20) },
      { code: 'designated_driver', sumInsured: null, premium: yuan(0) },
    ],
    ncd: 0.85, pricingFactor: 1.0, gifts: ['保养工时 8 折'], validUntil: '2026-12-12', note: null,
  },
];

/** The proposal for 粤A12345 with the first `plans` quotes. */
export function sampleProposal(lang: Lang, plans: number): ProposalInput {
  const dirs = dataDirs(undefined);
  const en = lang === 'en';
  return {
    lang,
    issuedOn: '2026-12-01',
    store: { name: en ? 'Guangzhou Huacheng Toyota 4S Store' : '广州华诚丰田4S店', address: en ? '88 Huangpu Avenue West, Tianhe, Guangzhou' : '广州市天河区黄埔大道西88号', phone: '020-38881234' },
    specialist: { name: en ? 'Li Na' : '李娜', phone: '13800138000' },
    customer: { name: en ? 'Wang Wei' : '王伟', idNo: '44010619900101123X' },
    vehicle: { plate: '粤A12345', model: en ? 'Toyota Camry 2.0G' : '丰田凯美瑞 2.0G 豪华版', vin: 'LVGBE40K8LG123456', firstRegistration: '2020-12-18' },
    lastYear: {
      insurer: '中国人民财产保险', compulsoryEnd: '2026-12-17', commercialEnd: '2026-12-17',
      lines: [
        { code: 'damage', sumInsured: yuan(140_000) },
        { code: 'third_party', sumInsured: yuan(1_000_000) },
        { code: 'driver', sumInsured: yuan(10_000) },
        { code: 'passenger', sumInsured: yuan(10_000), seats: 4 },
      ],
    },
    quotes: SAMPLE_QUOTES.slice(0, plans),
    catalogue: loadCoverages(dirs),
    texts: loadProposalTexts(dirs, lang),
  };
}
