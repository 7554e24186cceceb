/**
 * When waiting helps and when it cannot: the verdicts of src/providers/reachability.ts on real
 * network errors (fetch to a closed loopback port, to a name that does not resolve) and over time.
 */
import { InfraError } from '../../src/domain/errors';
import { networkCode, noteAnswered, resetReachability, transportError, transportKind, UNREACHABLE_BUDGET_MS } from '../../src/providers/reachability';
import { freePort } from '../helpers/free-port';

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e);

beforeEach(() => resetReachability());

describe('reachability', () => {
  it('reads the code out of real fetch failures: refused and unresolvable', async () => {
    const refused = await failure(fetch(`http://127.0.0.1:${await freePort()}/v1`));
    expect(networkCode(refused)).toBe('ECONNREFUSED');
    const unresolved = await failure(fetch('http://api.nonexistent.invalid/v1'));
    expect(networkCode(unresolved)).toBe('ENOTFOUND');
    expect(transportKind('ECONNRESET')).toBe('transient');
    expect(transportKind('CERT_HAS_EXPIRED')).toBe('tls');
  });

  it('a refused connection is retryable within the budget, then INFRA_UNREACHABLE and final', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}/v1`;
    const err = await failure(fetch(endpoint));
    const t0 = 1_000_000;
    const first = transportError('vultr', endpoint, 'GET /plans', err, t0);
    expect(first).toBeInstanceOf(InfraError);
    expect(first).toMatchObject({ code: 'INFRA_UNREACHABLE', provider: 'vultr', providerCode: 'ECONNREFUSED', retryable: true });
    expect(transportError('vultr', endpoint, 'GET /plans', err, t0 + UNREACHABLE_BUDGET_MS.refused - 1).retryable).toBe(true);
    const last = transportError('vultr', endpoint, 'GET /plans', err, t0 + UNREACHABLE_BUDGET_MS.refused);
    expect(last.retryable).toBe(false);
    expect(last.message).toContain(`vultr: cannot reach the API at ${endpoint}`);
    expect(last.message).toContain('during GET /plans for 3.0 s');
    expect(last.message).toContain('fazt dev config infra.vps.vultr --token <token> --endpoint <url>, default https://api.vultr.com/v2');
  });

  it('a name that does not resolve gets one retry', async () => {
    const err = await failure(fetch('http://api.nonexistent.invalid/v1'));
    const endpoint = 'http://api.nonexistent.invalid/v1';
    expect(transportError('hetzner', endpoint, 'GET /servers', err, 0).retryable).toBe(true);
    const second = transportError('hetzner', endpoint, 'GET /servers', err, UNREACHABLE_BUDGET_MS.dns);
    expect(second).toMatchObject({ code: 'INFRA_UNREACHABLE', retryable: false, providerCode: 'ENOTFOUND' });
    expect(second.message).toContain('the name api.nonexistent.invalid does not resolve');
  });

  it('an endpoint that answered recently gets the longer budget (a provider restarting)', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}/v2`;
    const err = await failure(fetch(endpoint));
    noteAnswered(endpoint, 0);
    expect(transportError('digitalocean', endpoint, 'GET /sizes', err, 1000).retryable).toBe(true);
    expect(transportError('digitalocean', endpoint, 'GET /sizes', err, 1000 + UNREACHABLE_BUDGET_MS.refused + 1000).retryable).toBe(true);
    expect(transportError('digitalocean', endpoint, 'GET /sizes', err, 1000 + UNREACHABLE_BUDGET_MS.recentlyUp).retryable).toBe(false);
  });

  it('a failure long after the last one starts a new episode; an answer clears the count', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}/v1`;
    const err = await failure(fetch(endpoint));
    expect(transportError('hetzner', endpoint, 'GET /x', err, 0).retryable).toBe(true);
    expect(transportError('hetzner', endpoint, 'GET /x', err, 120_000).retryable).toBe(true);
    expect(transportError('hetzner', endpoint, 'GET /x', err, 123_000).retryable).toBe(false);
    noteAnswered(endpoint, 124_000);
    // Answered a moment ago: a refusal now is most likely a restart.
    expect(transportError('hetzner', endpoint, 'GET /x', err, 130_000).retryable).toBe(true);
  });

  it('resets and unknown transport faults stay retryable provider errors', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    expect(transportError('hetzner', 'http://x', 'GET /y', reset)).toMatchObject({ code: 'INFRA_PROVIDER_ERROR', retryable: true });
    const socket = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(transportError('hetzner', 'http://x', 'GET /y', socket)).toMatchObject({ code: 'INFRA_PROVIDER_ERROR', retryable: true });
  });
});

describe('writes', () => {
  it('a write to an endpoint that refuses gets the long budget: a flow is not abandoned half-way for a blip', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}/v1`;
    const err = await failure(fetch(endpoint));
    expect(transportError('hetzner', endpoint, 'POST /servers', err, 0).retryable).toBe(true);
    expect(transportError('hetzner', endpoint, 'POST /servers', err, UNREACHABLE_BUDGET_MS.refused + 1000).retryable).toBe(true);
    expect(transportError('hetzner', endpoint, 'DELETE /servers/1', err, UNREACHABLE_BUDGET_MS.recentlyUp).retryable).toBe(false);
  });
});
