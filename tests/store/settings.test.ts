// The settings table and its audit: only real changes are written and audited, in one
// transaction; removing a setting is audited too.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rolebot-store-settings-'));
  store = await openStore({ dataDir: path.join(dir, 'data') });
}, 60_000);

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('settings', () => {
  it('writes and audits only what changed, and a removal', async () => {
    const on = { scope: 'C0TEAM', name: 'welcome' as const, value: 'on' };
    expect(await store.changeSettings([on], 'U0ADMIN')).toEqual([on]);
    expect(await store.changeSettings([on], 'U0OTHER')).toEqual([]);
    await store.changeSettings([{ ...on, value: null }], 'U0OTHER');
    expect(await store.settings()).toEqual([]);
    const audit = await store.settingsAudit(10);
    expect(
      audit.map(({ changedBy, oldValue, newValue }) => [changedBy, oldValue, newValue]),
    ).toEqual([
      ['U0OTHER', 'on', null],
      ['U0ADMIN', null, 'on'],
    ]);
  });

  it('refuses a setting it does not know', async () => {
    await expect(
      store.changeSettings([{ scope: '', name: 'colour' as never, value: 'red' }], 'U0ADMIN'),
    ).rejects.toThrow(/^store: changeSettings failed: .*check/);
    expect(await store.settings()).toEqual([]);
  });
});
