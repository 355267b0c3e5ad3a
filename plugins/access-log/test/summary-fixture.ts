import { emptySummaryDraft, type RequestSummary } from '@ccproxy/core';

export function summary(overrides: Partial<RequestSummary> = {}): RequestSummary {
  return {
    request_id: 'req-123',
    started_at: Date.UTC(2025, 0, 3, 1, 20, 0, 500),
    duration_ms: 12.5,
    ttfb_ms: 10.25,
    method: 'GET',
    path: '/api/v1/foo',
    query: 'a=1&b=2',
    client_ip: '127.0.0.1',
    user_agent: 'pytest-agent',
    service_type: 'core',
    status: 200,
    bytes_sent: 123,
    streaming: false,
    closed_by: 'server',
    ...emptySummaryDraft(),
    ...overrides,
  };
}
