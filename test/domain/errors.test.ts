import { ApplicationFailure } from '@temporalio/common';
import { InfraError, NON_RETRYABLE_CODES, fromFailure, toFailure } from '../../src/domain/errors';
import { operationIdFor } from '../../src/domain/ids';

describe('errors as Temporal failures', () => {
  it('carries code, provider details and the retry delay both ways', () => {
    const f = toFailure(new InfraError('INFRA_RATE_LIMITED', 'slow down', { provider: 'hetzner', providerCode: 'rate_limit_exceeded', retryAfterMs: 7000 }));
    expect(f.type).toBe('INFRA_RATE_LIMITED');
    expect(f.nonRetryable).toBe(false);
    expect(f.nextRetryDelay).toBe(7000);
    const back = fromFailure(new Error('wrapper', { cause: f }));
    expect(back).toMatchObject({ code: 'INFRA_RATE_LIMITED', provider: 'hetzner', providerCode: 'rate_limit_exceeded', retryAfter: 7 });
  });

  it('marks permanent codes non-retryable and unknown errors as retryable provider errors', () => {
    expect(toFailure(new InfraError('INFRA_QUOTA_EXCEEDED', 'full')).nonRetryable).toBe(true);
    expect(NON_RETRYABLE_CODES).toEqual(expect.arrayContaining(['INFRA_CANCELED', 'INFRA_INVALID_INPUT', 'INFRA_NOT_CONFIGURED']));
    const unknown = toFailure(new TypeError('boom'));
    expect(unknown.type).toBe('INFRA_PROVIDER_ERROR');
    expect(unknown.nonRetryable).toBe(false);
    expect(fromFailure(ApplicationFailure.create({ type: 'SomethingElse', message: 'x' })).code).toBe('INFRA_PROVIDER_ERROR');
  });
});

describe('operationIdFor', () => {
  it('is stable, label-safe and at most 63 characters', () => {
    const id = operationIdFor('vps-create:hetzner:' + 'x'.repeat(100));
    expect(id).toBe(operationIdFor('vps-create:hetzner:' + 'x'.repeat(100)));
    expect(id).toMatch(/^[a-z0-9-]{1,63}$/);
    expect(operationIdFor('launch:blog.example.com')).not.toBe(operationIdFor('launch:blog2.example.com'));
  });
});
