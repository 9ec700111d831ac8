/** The parts of a terminal's standard input the prompt uses (process.stdin on a TTY). */
export interface PromptInput {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * Asks for a password on a terminal without echoing it: raw mode, so the terminal prints nothing as it is typed
 * and nothing of it is written back. Enter ends it, Backspace deletes, Ctrl+C and Ctrl+D cancel (rejects).
 */
export function promptPassword(prompt: string, input: PromptInput, output: (text: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    if (input.setRawMode === undefined) {
      reject(new Error('standard input is not a terminal'));
      return;
    }
    output(prompt);
    input.setRawMode(true);
    input.resume();
    let typed = '';
    const finish = (error: Error | undefined): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output('\n');
      if (error !== undefined) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const c of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (c === '\r' || c === '\n') return finish(undefined);
        if (c === '\u0003' || c === '\u0004') return finish(new Error('cancelled'));
        if (c === '\u007f' || c === '\b') typed = [...typed].slice(0, -1).join('');
        else if (c >= ' ') typed += c;
      }
    };
    input.on('data', onData);
  });
}
