import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

describe('the password policy', () => {
  const ava = {
    email: 'ava.thompson@example.com',
    personNames: ['Ava', 'Thompson'],
    yardNames: ['Harbor Point Marine', 'harbor-point'],
  };

  it("refuses the person's own name, even glued to digits and symbols, saying which word", () => {
    expect(passwordProblem('avathompson2026!!', ava)).toMatch(
      /contains "thompson", which is part of your name/,
    );
    expect(passwordProblem('ava 2026 copper anchor tulip', ava)).toMatch(
      /contains "ava", which is part of your name/,
    );
    expect(passwordProblem('ThOmPsOn sails at dawn', ava)).toMatch(/"thompson"/);
  });

  it("refuses the email's local part, the yard's words and the product's name", () => {
    const context = { ...ava, personNames: [], email: 'skipper77@example.com' };
    expect(passwordProblem('my boat skipper goes fast', context)).toMatch(
      /"skipper", which is part of your email address/,
    );
    expect(passwordProblem('copper anchor harbor tulip', ava)).toMatch(
      /"harbor", which is part of the yard's name/,
    );
    expect(passwordProblem('copper anchor marine tulip', ava)).toMatch(/"marine"/);
    expect(passwordProblem('copper anchor slipway tulip', {})).toMatch(
      /"slipway", which is the name of this portal/,
    );
  });

  it('ignores words under three letters, filler words of a yard, and three-letter names inside other words', () => {
    const al = { personNames: ['Al', 'Li'], yardNames: ['The Boat Co'] };
    expect(passwordProblem('always listen to the lantern', al)).toBeNull();
    // "Ava" is a word of its own only: lava, java and caravan stay usable.
    expect(passwordProblem('lava java caravan morning', { personNames: ['Ava'] })).toBeNull();
    expect(passwordProblem('lantern spinnaker quiet harbour', ava)).toBeNull();
    // Four letters and more count anywhere.
    expect(passwordProblem('copper boatanchor tulip', al)).toMatch(/"boat"/);
  });

  it('without context, behaves as before: length, common passwords, the email', () => {
    expect(passwordProblem('short')).toMatch(/at least 15/);
    expect(passwordProblem('owner@cove.test.x', { email: 'owner@cove.test.x' })).toMatch(/email/);
  });
});
