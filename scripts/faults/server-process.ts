import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Servers still running: killed if this process exits without stopping them (a failed test, Ctrl-C). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `command` and resolves once a line of its output matches `ready` (rejects, with the output so
 * far, if it exits first or takes longer than `timeoutMs`).
 */
export async function startServerProcess(
  command: string,
  args: readonly string[],
  ready: RegExp,
  options: SpawnOptions = {},
  timeoutMs = 30_000,
): Promise<ChildProcess> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  // Keep draining its output so that a full pipe never blocks the server.
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

/** Sends `signal` and resolves when the process has exited (at once if it already has). */
export async function stopServerProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}
