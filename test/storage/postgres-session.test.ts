/** The session's time zone (src/storage/postgres/types.ts): the process's own, found without Intl where the OS says it plainly. */
import { describe, expect, it } from 'vitest';
import { localTimeZone, sessionOptions } from '../../src/storage/postgres/types.js';

const intlZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

describe('localTimeZone', () => {
  it('takes the zone /etc/localtime links to when TZ is unset (Debian, relative links, macOS)', () => {
    expect(localTimeZone(undefined, () => '/usr/share/zoneinfo/Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(localTimeZone(undefined, () => '../usr/share/zoneinfo/America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    expect(localTimeZone(undefined, () => '/var/db/timezone/zoneinfo/Etc/GMT-8')).toBe('Etc/GMT-8');
  });

  it('asks Intl when TZ is set, when there is no link, or when the link names no zone', () => {
    expect(localTimeZone('Asia/Tokyo', () => '/usr/share/zoneinfo/Asia/Shanghai')).toBe(intlZone);
    expect(localTimeZone('', () => '/usr/share/zoneinfo/Asia/Shanghai')).toBe(intlZone);
    expect(localTimeZone(undefined, () => undefined)).toBe(intlZone);
    expect(localTimeZone(undefined, () => '/usr/share/zoneinfo/posixrules')).toBe(intlZone);
    expect(localTimeZone(undefined, () => '/etc/some-zone-file')).toBe(intlZone);
  });

  it('goes into the connection options', () => {
    expect(sessionOptions('Asia/Shanghai')).toBe('-c DateStyle=ISO -c TimeZone=Asia/Shanghai');
    expect(sessionOptions('Etc/Unknown')).toBe('-c DateStyle=ISO -c TimeZone=UTC');
  });
});
