/**
 * Customers: Chinese names, mobile numbers and resident ID numbers with a valid
 * GB 11643 check character. Everything is generated from small lists of common
 * characters; no real person's data.
 */
import { type Rng, weights } from './random.js';

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '郑',
  '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蔡', '蒋', '余', '叶',
  '杜', '苏', '魏', '程', '吕', '丁', '沈', '任', '姚', '卢', '钟', '姜', '崔', '谭', '陆', '范', '汪', '廖', '石', '金',
  '欧阳', '司徒',
];
// Frequent surnames appear more often, as in any customer list.
const SURNAME_WEIGHTS = weights(SURNAMES.map((s, i) => [s, s.length === 2 ? 0.3 : 60 / (i + 6)] as const));

const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '平', '刚',
  '华', '文', '辉', '建', '国', '志', '红', '玲', '鹏', '宇', '浩', '俊', '峰', '晨', '欣', '怡', '佳', '嘉', '子', '睿',
  '博', '思', '雨', '婷', '晓', '海', '燕', '林', '斌', '飞', '凯', '慧', '颖', '琳', '波', '健', '东', '彬', '鑫', '亮',
  '成', '荣', '泽', '锦', '翠', '兰', '梅', '秀', '春', '振', '家', '永', '德', '铭', '瑶', '琪', '诗', '雅', '晴',
];

/** A surname plus a one- or two-character given name: '陈思雨'. */
export function chineseName(rng: Rng): string {
  const surname = rng.weighted(SURNAME_WEIGHTS);
  const given = rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
  return surname + given;
}

// Real mobile number segments (China Mobile, Unicom, Telecom and the 19x range).
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '170', '173', '175', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188',
  '189', '191', '195', '198', '199',
];

export const MOBILE = /^1[3-9]\d{9}$/;

export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckChar(id.slice(0, 17)) === id[17];
}

/** District codes around Guangzhou, Shenzhen, Foshan, Dongguan, and a few from elsewhere (people move). */
const AREA_CODES = [
  '440103', '440104', '440105', '440106', '440111', '440112', '440113', '440114', '440303', '440304', '440305', '440306',
  '440604', '440605', '440606', '441900', '441302', '445102', '430102', '430104', '360102', '450103', '510104', '420106',
];

/**
 * An 18-character ID number born between 1960 and 2003 with a valid check character.
 * `male` picks an odd (men) or even (women) sequence digit.
 */
export function idNumber(rng: Rng, male: boolean): string {
  const year = rng.between(1960, 2003);
  const month = rng.between(1, 12);
  const day = rng.between(1, 28);
  const seq = rng.digits(2) + String(rng.int(5) * 2 + (male ? 1 : 0));
  const first17 = rng.pick(AREA_CODES) + String(year) + String(month).padStart(2, '0') + String(day).padStart(2, '0') + seq;
  return first17 + idCheckChar(first17);
}
