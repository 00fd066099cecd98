import { describe, expect, it } from 'vitest';
import { GUARDED_ACTIONS, mayDo, rolesFor, seesEveryone } from './roles.js';

describe('roles', () => {
  it('a specialist may take none of the guarded actions; a lead and a manager every one', () => {
    for (const action of GUARDED_ACTIONS) {
      expect(mayDo('specialist', action), action).toBe(false);
      expect(mayDo('lead', action), action).toBe(true);
      expect(mayDo('manager', action), action).toBe(true);
      expect(rolesFor(action)).toEqual(['lead', 'manager']);
    }
  });

  it('only a lead or manager sees everyone\'s queue', () => {
    expect(seesEveryone('specialist')).toBe(false);
    expect(seesEveryone('lead')).toBe(true);
    expect(seesEveryone('manager')).toBe(true);
  });
});
