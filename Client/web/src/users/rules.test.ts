import { describe, expect, it } from 'vitest';
import { generatePassword, passwordProblem, usernameProblem, validatePasswordChange } from './rules';

describe('passwordProblem', () => {
  it('accepts a password that keeps every rule', () => {
    expect(passwordProblem('correct horse battery', 'alice')).toBeNull();
  });

  it.each([
    ['short1234', 'alice', 'Password must be at least 10 characters.'],
    ['x'.repeat(257) + 'y', 'alice', 'Password must be at most 256 characters.'],
    ['aliceSmith', 'alicesmith', 'Password must not be the username.'],
    ['aaaaaaaaaaaa', 'alice', 'Password must not be a single repeated character.'],
  ])('rejects %j for %s', (password, username, message) => {
    expect(passwordProblem(password, username)).toBe(message);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('🔑🔑🔑🔑🔑xyzab', 'alice')).toBeNull();
    expect(passwordProblem('🔑🔑🔑🔑🔑', 'alice')).toBe('Password must be at least 10 characters.');
  });
});

describe('usernameProblem', () => {
  it.each(['bob', 'Alice_1', 'a-b-c', 'x'.repeat(32)])('accepts %s', (name) => {
    expect(usernameProblem(name)).toBeNull();
  });

  it.each(['ab', 'x'.repeat(33), '1alice', '_alice', 'al ice', 'alice!', 'élodie'])('rejects %j', (name) => {
    expect(usernameProblem(name)).not.toBeNull();
  });
});

describe('validatePasswordChange', () => {
  it('passes a valid change', () => {
    expect(validatePasswordChange('old password 1', 'new password 2', 'new password 2', 'alice')).toEqual({});
  });

  it('names each problem by field', () => {
    expect(validatePasswordChange('', 'short', 'other', 'alice')).toEqual({
      currentPassword: 'Enter your current password.',
      newPassword: 'Password must be at least 10 characters.',
      confirm: 'The passwords do not match.',
    });
  });

  it('asks for a password different from the current one', () => {
    expect(validatePasswordChange('same password', 'same password', 'same password', 'alice').newPassword).toBe(
      'The new password must differ from the current one.',
    );
  });
});

describe('generatePassword', () => {
  it('makes distinct passwords that keep the rules', () => {
    const a = generatePassword();
    const b = generatePassword();
    expect(a).toHaveLength(20);
    expect(passwordProblem(a, 'alice')).toBeNull();
    expect(a).not.toBe(b);
  });
});
