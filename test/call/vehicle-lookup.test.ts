/** Finding a vehicle by plate, suggesting near misses, and choosing the case a call is about. */
import { describe, expect, it } from 'vitest';
import { currentCase, editDistance, findVehicle, MAX_PLATE_CHARS, similarPlates } from '../../src/storage/queries/vehicle-lookup.js';
import { makeTestContext } from '../helpers/context.js';
import { seedVehicle, ZHANG } from './seed.js';
import { caseCopies } from '../helpers/case-copies.js';

describe('vehicle lookup', () => {
  it('edit distance counts a swap of neighbours as one edit and a province character as one unit', () => {
    expect([editDistance('粤A12345', '粤A12354'), editDistance('粤A12345', '京A12345'), editDistance('粤A12345', '粤A1234'), editDistance('', 'ab')]).toEqual([1, 1, 1, 2]);
  });

  it('finds a plate however it is typed, and suggests the nearest ones otherwise', async () => {
    const ctx = await makeTestContext();
    for (const plate of ['粤A12345', '粤A12354', '粤A99999', '粤AD12345']) await seedVehicle(ctx.db, { ...ZHANG, plate, policies: [] });
    expect((await findVehicle(ctx.db, ' 粤ａ·12345 ')).plate).toBe('粤A12345');
    expect(await similarPlates(ctx.db, '粤A12346')).toEqual(['粤A12345', '粤A12354', '粤AD12345']);
    expect(await similarPlates(ctx.db, '沪C00000')).toEqual([]);
  });

  it('a plate typed without its province character finds the one vehicle it ends; several are listed, phones masked (12.6)', async () => {
    const ctx = await makeTestContext();
    await seedVehicle(ctx.db, { ...ZHANG, plate: '粤A12345', phone: '13812341234', policies: [] });
    await seedVehicle(ctx.db, { ...ZHANG, plate: '京A12345', phone: '13900001111', policies: [] });
    await seedVehicle(ctx.db, { ...ZHANG, plate: '粤B77777', policies: [] });
    await seedVehicle(ctx.db, { ...ZHANG, plate: '粤AD12345', policies: [] });
    expect((await findVehicle(ctx.db, 'b77777')).plate).toBe('粤B77777');
    expect((await findVehicle(ctx.db, 'AD12345')).plate).toBe('粤AD12345');
    await expect(findVehicle(ctx.db, 'A12345')).rejects.toMatchObject({
      key: 'call.ambiguousPlate',
      vars: { plate: 'A12345', candidates: '京A12345 (139****1111), 粤A12345 (138****1234)' },
      exitCode: 64,
      hintKey: 'call.ambiguousPlateHint',
    });
    // No vehicle ends so: the usual suggestions.
    await expect(findVehicle(ctx.db, 'B77778')).rejects.toMatchObject({ key: 'call.unknownPlate' });
  });

  it('a 300-character plate is refused at once, and the suggestion search is bounded (13.18)', async () => {
    const ctx = await makeTestContext();
    await seedVehicle(ctx.db, { ...ZHANG, plate: '粤A12345', policies: [] });
    await expect(findVehicle(ctx.db, `粤A${'1'.repeat(300)}`)).rejects.toMatchObject({ key: 'call.plateTooLong', vars: { max: MAX_PLATE_CHARS }, exitCode: 64 });
    expect(await similarPlates(ctx.db, 'x'.repeat(300))).toEqual([]);
    // The comparison gives up past the bound: over it is max + 1, whatever the real distance.
    expect(editDistance('粤A12345', '粤B99999', 2)).toBe(3);
    expect(editDistance('粤A12345', 'x'.repeat(MAX_PLATE_CHARS), 2)).toBe(3);
    expect(editDistance('粤A12345', '粤A21354', 2)).toBe(2);
  });

  it('the current case is the latest one due within 180 days, so next year\'s case waits', async () => {
    const ctx = await makeTestContext({ now: '2026-11-24' });
    const { vehicleId, caseId } = await seedVehicle(ctx.db, ZHANG);
    const next = await ctx.db.insertInto('renewal_cases').values({
      ...(await caseCopies(ctx.db, vehicleId)), vehicle_id: vehicleId, due_date: '2027-12-15', compulsory_end: '2027-12-15', commercial_end: null, last_premium_cents: null, last_insurer: null,
      closed_at: null, closed_by: null, renewed_insurer: null, renewed_compulsory_cents: null, renewed_commercial_cents: null, renewed_premium_cents: null,
      lost_reason: null, sms_sent_at: null, last_contact_at: null, last_outcome: null, next_contact_at: null, created_at: 'x', updated_at: 'x',
    }).returning('id').executeTakeFirstOrThrow();
    expect((await currentCase(ctx.db, vehicleId, '2026-11-24'))?.id).toBe(caseId);
    expect((await currentCase(ctx.db, vehicleId, '2027-07-01'))?.id).toBe(next.id);
    expect((await currentCase(ctx.db, vehicleId, '2020-01-01'))?.id).toBe(caseId);
  });
});
