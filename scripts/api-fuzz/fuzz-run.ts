import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FuzzRequest } from './fuzz-plan.ts';

/** The `Authorization` value for a role (a valid token), or undefined for none. */
export type TokenFor = (role: string) => Promise<string>;

export interface FuzzViolation {
  readonly request: FuzzRequest;
  readonly status: number;
  readonly problem: string;
  readonly answer: string;
}

export interface FuzzReport {
  readonly sent: number;
  readonly byStatus: ReadonlyMap<number, number>;
  readonly violations: readonly FuzzViolation[];
}

/**
 * What every answer must be: below 500, and every error JSON `{ error: string, message: string, … }`.
 * Returns the problem, or undefined when the answer is fine.
 */
export function answerProblem(
  status: number,
  contentType: string | undefined,
  text: string,
): string | undefined {
  if (status >= 500) return `answered ${status}`;
  if (status < 400) return undefined;
  if (!/^application\/json\b/.test(contentType ?? ''))
    return `error answered as ${contentType ?? 'no content type'}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'error body is not JSON';
  }
  const { error, message } = (body ?? {}) as { error?: unknown; message?: unknown };
  if (typeof error !== 'string' || typeof message !== 'string') return 'error body is not { error, message }';
  return undefined;
}

/** Sends the plan to a listening server, `concurrency` at a time, and checks every answer. */
export async function runFuzz(
  server: http.Server,
  plan: readonly FuzzRequest[],
  tokenFor: TokenFor,
  concurrency = 4,
): Promise<FuzzReport> {
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const byStatus = new Map<number, number>();
  const violations: FuzzViolation[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const request = plan[next++] as FuzzRequest;
      const headers: Record<string, string> = {};
      if (request.contentType !== undefined) headers['Content-Type'] = request.contentType;
      if (request.auth.kind === 'role') headers.Authorization = await tokenFor(request.auth.role);
      if (request.auth.kind === 'forged') headers.Authorization = FORGED_TOKEN;
      const answer = await send(agent, port, request, headers);
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const problem = answerProblem(answer.status, answer.contentType, answer.text);
      if (problem !== undefined) {
        violations.push({ request, status: answer.status, problem, answer: answer.text.slice(0, 300) });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { sent: plan.length, byStatus, violations };
}

/** A well-formed HS256 JWT signed with another key (role admin). */
const FORGED_TOKEN =
  'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZSI6ImFkbWluIiwiZXhwIjo0MTAyNDQ0ODAwfQ.' +
  'c2lnbmF0dXJlLW9mLXNvbWVib2R5LWVsc2UtMDAwMDAwMDAwMA';

function send(
  agent: http.Agent,
  port: number,
  request: FuzzRequest,
  headers: Record<string, string>,
): Promise<{ status: number; contentType?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    if (body !== undefined) headers['Content-Length'] = String(body.length);
    const call = http.request(
      { host: '127.0.0.1', port, path: request.url, method: request.method.toUpperCase(), headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'],
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

/** Counts per status and every violation, for a person. */
export function describeReport(report: FuzzReport): string {
  const statuses = [...report.byStatus.entries()].sort(([a], [b]) => a - b);
  const lines = [
    `${report.sent} requests; by status: ${statuses.map(([s, n]) => `${s}: ${n}`).join(', ')}`,
    `${report.violations.length} violations`,
  ];
  for (const v of report.violations.slice(0, 50)) {
    lines.push(
      `  ${v.problem}: ${v.request.method.toUpperCase()} ${v.request.url.slice(0, 200)} [${v.request.variant}, ${v.request.auth.kind === 'role' ? v.request.auth.role : v.request.auth.kind}] → ${v.answer}`,
    );
  }
  return lines.join('\n');
}
