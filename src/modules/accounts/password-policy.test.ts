import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

describe('the password policy', () => {
  it('refuses a name of the context alone or with digits added, in any case and spacing', () => {
    const names = ['Olive Ostrander', 'Harbor Point Marine'];
    expect(passwordProblem('harborpointmarine', { names })).toMatch(/cannot be a name/);
    expect(passwordProblem('Harbor Point Marine 2026', { names })).toMatch(/cannot be a name/);
    expect(passwordProblem('olive-ostrander-1', { names })).toMatch(/cannot be a name/);
    // A phrase that merely contains a name is a phrase of the person's own.
    expect(passwordProblem('olive ostrander sails at dawn', { names })).toBeNull();
    expect(passwordProblem('lantern spinnaker quiet harbour', { names })).toBeNull();
  });

  it('without names, behaves as before: length, common passwords, the email', () => {
    expect(passwordProblem('short')).toMatch(/at least 15/);
    expect(passwordProblem('owner@cove.test.x', { email: 'owner@cove.test.x' })).toMatch(/email/);
  });
});
