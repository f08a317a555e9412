/**
 * Settings an admin changes from Slack (`/roles config`): per channel, and for the workspace
 * (scope ''). Each change is audited in the same transaction: who (the admin's Slack user id),
 * what (scope, name, old and new value) and when (the database's clock). Every replica reads
 * the same rows, so a change is effective everywhere on the next read.
 */
import type { Sql } from './sql.js';

/** The workspace's own scope (a channel's scope is its id). */
export const WORKSPACE = '';

export type SettingName = 'welcome' | 'unmentioned' | 'visibility' | 'owners_channel';

export interface SettingRow {
  scope: string;
  name: SettingName;
  value: string;
}

/** One setting to write; `value: null` removes it (back to the configured default). */
export interface SettingChange {
  scope: string;
  name: SettingName;
  value: string | null;
}

export interface SettingAudit {
  changedBy: string;
  scope: string;
  name: SettingName;
  oldValue: string | null;
  newValue: string | null;
  changedAt: Date;
}

export async function readSettings(sql: Sql): Promise<SettingRow[]> {
  return sql.query<SettingRow>(
    'SELECT scope, name, value FROM slack_settings ORDER BY scope, name',
  );
}

/**
 * Writes the changes that differ from what is stored, each with its audit row, in one
 * transaction (committed before this resolves); resolves to the changes actually made.
 */
export async function writeSettings(
  sql: Sql,
  changes: readonly SettingChange[],
  changedBy: string,
): Promise<SettingChange[]> {
  return sql.transaction(async (tx) => {
    const made: SettingChange[] = [];
    for (const change of changes) {
      const [before] = await tx.query<{ value: string }>(
        'SELECT value FROM slack_settings WHERE scope = $1 AND name = $2 FOR UPDATE',
        [change.scope, change.name],
      );
      const old = before?.value ?? null;
      if (old === change.value) continue;
      if (change.value === null) {
        await tx.query('DELETE FROM slack_settings WHERE scope = $1 AND name = $2', [
          change.scope,
          change.name,
        ]);
      } else {
        await tx.query(
          `INSERT INTO slack_settings (scope, name, value) VALUES ($1, $2, $3)
           ON CONFLICT (scope, name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [change.scope, change.name, change.value],
        );
      }
      await tx.query(
        `INSERT INTO settings_audit (changed_by, scope, name, old_value, new_value)
         VALUES ($1, $2, $3, $4, $5)`,
        [changedBy, change.scope, change.name, old, change.value],
      );
      made.push(change);
    }
    return made;
  });
}

/** The most recent changes, newest first. */
export async function readSettingsAudit(sql: Sql, limit: number): Promise<SettingAudit[]> {
  const rows = await sql.query<{
    changed_by: string;
    scope: string;
    name: SettingName;
    old_value: string | null;
    new_value: string | null;
    changed_at: Date;
  }>(
    `SELECT changed_by, scope, name, old_value, new_value, changed_at
     FROM settings_audit ORDER BY changed_at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    changedBy: row.changed_by,
    scope: row.scope,
    name: row.name,
    oldValue: row.old_value,
    newValue: row.new_value,
    changedAt: new Date(row.changed_at),
  }));
}
