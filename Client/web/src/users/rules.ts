// Client-side copies of the server's rules in docs/api.md. The server stays the judge;
// these only spare a round trip and say what is wrong before submitting.

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;

const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Returns the first broken rule as a sentence, or null when the password is acceptable. */
export function passwordProblem(password: string, username: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Password must be at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `Password must be at most ${PASSWORD_MAX} characters.`;
  if (username && password.toLowerCase() === username.toLowerCase()) return 'Password must not be the username.';
  if (new Set(password).size === 1) return 'Password must not be a single repeated character.';
  return null;
}

/** Returns the first broken rule as a sentence, or null when the username is acceptable. */
export function usernameProblem(username: string): string | null {
  if (username.length < USERNAME_MIN || username.length > USERNAME_MAX) {
    return `Username must be ${USERNAME_MIN}-${USERNAME_MAX} characters.`;
  }
  if (!USERNAME_PATTERN.test(username)) {
    return 'Username may hold only letters, digits, _ and -, and must start with a letter.';
  }
  return null;
}

export interface PasswordChangeProblems {
  currentPassword?: string;
  newPassword?: string;
  confirm?: string;
}

export function validatePasswordChange(current: string, next: string, confirm: string, username: string): PasswordChangeProblems {
  const problems: PasswordChangeProblems = {};
  if (!current) problems.currentPassword = 'Enter your current password.';
  const rule = passwordProblem(next, username);
  if (rule) problems.newPassword = rule;
  else if (next === current) problems.newPassword = 'The new password must differ from the current one.';
  if (next !== confirm) problems.confirm = 'The passwords do not match.';
  return problems;
}

export const PASSWORD_HINT = `${PASSWORD_MIN}-${PASSWORD_MAX} characters, not the username, not one character repeated.`;
export const USERNAME_HINT = `${USERNAME_MIN}-${USERNAME_MAX} letters, digits, _ or -, starting with a letter.`;

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!@#%+=';

/** A random password from the browser's CSPRNG that always satisfies the rules. */
export function generatePassword(length = 20): string {
  const limit = 256 - (256 % ALPHABET.length); // rejection sampling keeps the choice uniform
  let result = '';
  while (result.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && result.length < length) result += ALPHABET[byte % ALPHABET.length];
    }
  }
  return passwordProblem(result, '') === null ? result : generatePassword(length);
}
