/** Where a command writes: the process's streams in production, buffers in a test. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Bad command-line input: the command prints the message (with its usage) in one line and exits 2, never a stack. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}
