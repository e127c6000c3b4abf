// Errors both commands classify the same way.

/** Bad input: exit code 2, nothing written. The message says what is wrong and what to do. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Help was asked for and printed: exit 0, nothing else to do. */
export class HelpShown extends Error {
  override readonly name = 'HelpShown';
}
