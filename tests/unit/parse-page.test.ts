import { describe, expect, it } from 'vitest';
import { parseBrowsePage } from '../../ingest/fetch/parse-page.ts';

const page = {
  links: { self: 'http://x/browse?page=2&size=1&api_key=REDACTED' },
  page: { size: 1, total_elements: 9, total_pages: 9, number: 2 },
  near_earth_objects: [{ id: '3542519', anything: ['kept'] }],
  element_count: 1,
};

describe('parsing a browse page body', () => {
  it('returns the page with every field it came with', () => {
    expect(parseBrowsePage(JSON.stringify(page))).toEqual({ page });
  });

  it('says a body is not JSON without quoting it', () => {
    const body = '{"links":{"self":"http://x/?api_key=SECRET-123"';
    expect(parseBrowsePage(body)).toEqual({ problem: `body is not valid JSON (${body.length} chars)` });
  });

  it('names the first field that makes a body no browse page', () => {
    const parsed = parseBrowsePage(JSON.stringify({ ...page, page: { ...page.page, number: 'two' } }));
    expect(parsed).toEqual({ problem: expect.stringMatching(/^body is not a browse page \(page\.number: .+\)$/) });
    expect(parseBrowsePage('[]')).toEqual({ problem: expect.stringMatching(/^body is not a browse page \(body: /) });
  });
});
