import pg from 'pg';
import { Test } from '@nestjs/testing';
import { Injectable, Module } from '@nestjs/common';

@Injectable()
class Hello {
  say(): string {
    return 'こんにちは';
  }
}
@Module({ providers: [Hello] })
class M {}

test('nest and pg load under jest ESM', async () => {
  const mod = await Test.createTestingModule({ imports: [M] }).compile();
  expect(mod.get(Hello).say()).toBe('こんにちは');
  const c = new pg.Client(process.env.EMBEDDED_DATABASE_URL);
  await c.connect();
  const r = await c.query('select 1 + 1 as n');
  await c.end();
  expect(r.rows[0].n).toBe(2);
});
