import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux everywhere). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system, every thread) a process has used so far, from /proc/<pid>/stat; undefined
 * where there is no /proc (macOS) or the process is gone. Unlike a CPU profile's samples, this counts
 * only time on a core, not time waiting for one on a shared machine.
 */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces) in parentheses: utime is the 14th field.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by every process named `postgres` (the server and its backends). */
export function postgresCpuSeconds(): number | undefined {
  let seconds = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
          seconds += processCpuSeconds(Number(entry)) ?? 0;
      } catch {
        // a process that ended while the list was read
      }
    }
  } catch {
    return undefined;
  }
  return seconds;
}

/** Seconds the machine's cores have spent idle (or waiting for the disk) so far, summed over cores. */
export function idleCpuSeconds(): number | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (cpu[3]! + (cpu[4] ?? 0)) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
