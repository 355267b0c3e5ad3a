/** Where flushed lines go: a file (with optional rotation) or a stream such as stdout. */
export interface LineSink {
  /** `stdout` or the file path; shown in health. */
  readonly target: string;
  /** Appends `data` (already newline-terminated); rejects on I/O errors. */
  write(data: string): Promise<void>;
  /** Closes and reopens the file on the next write (external log rotation). */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/** Writes to a stream (stdout by default), waiting for the write callback so back-pressure holds. */
export function createStreamSink(stream: NodeJS.WritableStream = process.stdout, target = 'stdout'): LineSink {
  return {
    target,
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        stream.write(data, (error) => (error ? reject(error) : resolve()));
      }),
    reopen: async () => undefined,
    // Never close the process's stdout.
    close: async () => undefined,
  };
}
