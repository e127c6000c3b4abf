// Turns zod issues into one line a person can act on, e.g.
// `close_approach_data[2].miss_distance.astronomical: not a decimal number`.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

export function describeIssues(issues: readonly Issue[]): string {
  return issues.map((issue) => `${formatPath(issue.path)}: ${formatMessage(issue)}`).join('; ');
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'record';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

// zod's default type messages ("Invalid input: expected boolean, received undefined") bury the point.
function formatMessage(issue: Issue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  const received = /received (\w+)$/.exec(issue.message)?.[1];
  if (received === 'undefined') return `missing (expected ${issue.expected})`;
  return `expected ${issue.expected}, got ${received ?? 'another type'}`;
}
