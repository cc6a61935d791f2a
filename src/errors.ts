/**
 * Errors that reach the user. Each carries the exit code of the CLI contract:
 * 2 usage / bad input, 3 source unreachable.
 */
export class LeakpathError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: names the file, the record within it, and what was expected. */
export class InputError extends LeakpathError {
  constructor(
    readonly file: string,
    readonly record: string,
    readonly expected: string,
  ) {
    super(`${file}: ${record ? `at ${record}: ` : ''}${expected}`, 2);
  }
}

export class UsageError extends LeakpathError {
  constructor(message: string) {
    super(message, 2);
  }
}

export class SourceUnreachableError extends LeakpathError {
  constructor(message: string) {
    super(message, 3);
  }
}
