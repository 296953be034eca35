import { createServer, type Server } from 'node:http';
import pg from 'pg';

/**
 * The baseline of `npm run bench:api`: the barest HTTP routes on the same PostgreSQL, run in a process
 * of its own as the api is. `POST /drafts` parses the JSON body and does one INSERT of it (one
 * round trip, autocommit); `GET /drafts/:id` one SELECT by primary key. No framework, no validation, no
 * authentication: what any HTTP route writing or reading one row costs on this machine.
 */
export async function serveBaseline(databaseUrl: string, port: number): Promise<Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline_drafts (
    id bigserial PRIMARY KEY, hospital text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const answer = (res: import('node:http').ServerResponse, status: number, body: object) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const run = async () => {
        if (req.method === 'POST' && req.url === '/drafts') {
          const body = JSON.parse(Buffer.concat(chunks).toString()) as { recipient?: { id?: string } };
          const { rows } = await pool.query<{ id: string }>(
            'INSERT INTO bench_baseline_drafts (hospital, body) VALUES ($1, $2) RETURNING id',
            [body.recipient?.id ?? '', body],
          );
          return answer(res, 201, { id: rows[0]!.id });
        }
        const read = /^\/drafts\/(\d+)$/.exec(req.url ?? '');
        if (req.method === 'GET' && read) {
          const { rows } = await pool.query('SELECT * FROM bench_baseline_drafts WHERE id = $1', [read[1]]);
          return answer(res, rows.length ? 200 : 404, rows[0] ?? { error: 'NOT_FOUND' });
        }
        answer(res, 404, { error: 'ROUTE_NOT_FOUND' });
      };
      run().catch((error: unknown) => answer(res, 500, { error: String(error) }));
    });
  });
  server.on('close', () => void pool.end());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}
