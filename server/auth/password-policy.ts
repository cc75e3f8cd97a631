/**
 * Which passwords sign-up refuses: zxcvbn's estimate (the @zxcvbn-ts port,
 * with its bundled lists of common passwords, names and keyboard patterns)
 * below score 2 ("too guessable": under ~10^6 guesses), or a password built
 * from the user's own email, name or account name. So `12345678`,
 * `password`, `qwertyui`, eight spaces and `sarah2026` are refused while a
 * few unrelated words pass. Length alone (8+) is checked by the schema.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_SCORE = 2;

let factory: ZxcvbnFactory | null = null;

function estimator(): ZxcvbnFactory {
  // The dictionaries take a few tens of milliseconds to index: once per process, on first use.
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  return factory;
}

/** Why the password is too weak, as a field message, or null when it is acceptable. */
export function passwordWeakness(password: string, userInputs: Array<string | undefined | null> = []): string | null {
  if (password.trim() === '') return 'must not be only spaces';
  const inputs = userInputs.filter((s): s is string => Boolean(s)).flatMap((s) => [s, s.split('@')[0]!, ...s.split(/[@.\s_-]+/)]).filter((s) => s.length >= 3);
  const result = estimator().check(password.slice(0, 100), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  return 'is too easy to guess (a common password, a pattern or your own name or email); try three or four unrelated words';
}
