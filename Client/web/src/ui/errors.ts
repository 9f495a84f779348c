import { isApiError } from '../api/http';

export interface ErrorDescription {
  message: string;
  hint: string;
}

/** What went wrong and what to try, for any error a call can throw. */
export function describeError(error: unknown): ErrorDescription {
  if (!isApiError(error)) {
    return { message: 'Something went wrong in the page.', hint: 'Reload the page and try again.' };
  }
  const message = error.message;
  switch (error.code) {
    case 'network':
      return { message, hint: 'Check your connection and that the server is running, then try again.' };
    case 'unauthorized':
      return { message, hint: 'Sign in again.' };
    case 'forbidden':
      return { message, hint: 'Your account may not do this. Ask an administrator.' };
    case 'not_found':
      return { message, hint: 'It may have been deleted meanwhile. Reload the page.' };
    case 'conflict':
      return { message, hint: 'Choose another name, or reload to see the current state.' };
    case 'rate_limited':
      return { message, hint: 'Too many attempts. Wait a minute, then try again.' };
    case 'payload_too_large':
      return { message, hint: 'It is larger than the server accepts. Try a smaller file.' };
    case 'quota_exceeded':
      return { message, hint: 'Your storage quota is full: delete files you no longer need, or ask an administrator for more space.' };
    case 'validation':
      return { message, hint: 'Correct the highlighted values and try again.' };
    default:
      return error.status >= 500
        ? { message, hint: 'The server had a problem. Try again in a moment; if it persists, check the server logs.' }
        : { message, hint: 'Try again.' };
  }
}
