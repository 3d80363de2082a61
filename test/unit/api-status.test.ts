// How the support status page turns Temporal's and PostgreSQL's facts into one state (pure, table-driven).
import { resolveState, temporalUiBase, temporalUiLink, type Evidence, type TemporalView } from '../../src/api/routes/status';

const down: TemporalView = { available: false };
const none: TemporalView = { available: true, found: false };
const wf = (status: string, extra: Partial<Extract<TemporalView, { found: true }>> = {}): TemporalView => ({
  available: true, found: true, runId: 'r', type: 'orderSyncWorkflow', status, startedAt: new Date(), closedAt: null, ...extra,
});
const live = (status: 'running' | 'needs_attention' | 'synced') => ({ status, step: 'create_document', attempts: 2, fortnox: {} });

describe('resolveState', () => {
  const cases: Array<[string, Evidence, string]> = [
    ['nothing anywhere', { temporal: none, queued: false }, 'not_seen'],
    ['Temporal down, nothing in the database', { temporal: down, queued: false }, 'not_seen'],
    ['the workflow answers its query', { temporal: wf('RUNNING', { syncStatus: 'running', live: live('needs_attention') }), queued: false }, 'needs_attention'],
    ['running, no worker, parked per search attribute', { temporal: wf('RUNNING', { syncStatus: 'needs_attention' }), queued: false }, 'needs_attention'],
    ['running, no worker, no attribute', { temporal: wf('RUNNING'), queued: false }, 'running'],
    ['completed as skipped', { temporal: wf('COMPLETED', { syncStatus: 'skipped' }), documentState: 'created', queued: false }, 'skipped'],
    ['completed, attribute never updated, document created', { temporal: wf('COMPLETED', { syncStatus: 'running' }), documentState: 'created', queued: false }, 'synced'],
    ['terminated', { temporal: wf('TERMINATED', { syncStatus: 'needs_attention' }), queued: false }, 'failed'],
    ['failed after the document was created', { temporal: wf('FAILED', { syncStatus: 'synced' }), queued: false }, 'synced'],
    ['no workflow (retention), document created', { temporal: none, documentState: 'created', queued: false }, 'synced'],
    ['no workflow, document skipped', { temporal: none, documentState: 'skipped', queued: false }, 'skipped'],
    ['webhook waiting in the inbox', { temporal: none, queued: true }, 'running'],
    ['parked per log but the workflow is gone', { temporal: none, lastOutcome: 'needs_attention', queued: false }, 'failed'],
    ['parked per log, Temporal down', { temporal: down, lastOutcome: 'needs_attention', queued: false }, 'needs_attention'],
    ['document being created, Temporal down', { temporal: down, documentState: 'creating', queued: false }, 'running'],
    ['document being created, no workflow', { temporal: none, documentState: 'creating', queued: false }, 'failed'],
    ['product mapped, no workflow', { temporal: none, mapped: true, queued: false }, 'synced'],
    ['only info log entries', { temporal: none, lastOutcome: 'info', queued: false }, 'not_seen'],
  ];
  it.each(cases)('%s', (_name, evidence, expected) => {
    expect(resolveState(evidence)).toBe(expected);
  });
});

describe('Temporal UI links', () => {
  it('defaults to the dev server UI and honours TEMPORAL_UI_URL', () => {
    expect(temporalUiBase({})).toBe('http://127.0.0.1:8233');
    expect(temporalUiBase({ TEMPORAL_UI_URL: 'https://temporal.example.com/ui/' })).toBe('https://temporal.example.com/ui');
    expect(temporalUiBase({ TEMPORAL_UI_URL: 'not a url' })).toBe('http://127.0.0.1:8233');
  });
  it('keeps the workflow id readable and escapes the rest', () => {
    expect(temporalUiLink('http://127.0.0.1:8233', 'default', 'order:shop-1:1042')).toBe('http://127.0.0.1:8233/namespaces/default/workflows/order:shop-1:1042');
    expect(temporalUiLink('http://x', 'ns', 'a/b c')).toBe('http://x/namespaces/ns/workflows/a%2Fb%20c');
  });
});
