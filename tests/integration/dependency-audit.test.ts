// Dependencies shipped with the pipeline (not the dev tools) carry no known high or critical advisory:
// `npm audit --omit=dev` against the registry. It needs the registry's advisory service; when that
// does not answer, the test fails and says so (an audit that could not run is not a clean audit).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

interface AuditReport {
  readonly error?: { readonly summary?: string };
  readonly message?: string;
  readonly metadata?: {
    readonly vulnerabilities: Record<'info' | 'low' | 'moderate' | 'high' | 'critical' | 'total', number>;
  };
  readonly vulnerabilities?: Record<string, { readonly severity: string; readonly via: unknown[] }>;
}

describe('npm audit --omit=dev', () => {
  it('reports no high or critical advisory', () => {
    const audit = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    let report: AuditReport;
    try {
      report = JSON.parse(audit.stdout) as AuditReport;
    } catch {
      throw new Error(`npm audit printed no JSON report (exit ${audit.status}): ${audit.stderr.slice(-500)}`);
    }
    if (report.metadata === undefined) {
      const reason = report.message ?? report.error?.summary ?? audit.stderr.slice(-500);
      throw new Error(`npm audit could not get advisories from the registry, so nothing was audited: ${reason}`);
    }
    const serious = Object.entries(report.vulnerabilities ?? {})
      .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
      .map(([name, v]) => `${name} (${v.severity})`);
    console.log(`npm audit --omit=dev: ${JSON.stringify(report.metadata.vulnerabilities)}`);
    expect(serious).toEqual([]);
    expect(report.metadata.vulnerabilities.high + report.metadata.vulnerabilities.critical).toBe(0);
  });
});
