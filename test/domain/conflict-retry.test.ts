/**
 * INFRA_CONFLICT is permanent unless the place that maps it knows the clash is transient: a name
 * already taken is not retried; a resource that is locked or busy (an action still running) is.
 */
import { INFRA_ERROR_CODES, InfraError, NON_RETRYABLE_CODES, toFailure } from '../../src/domain/errors';
import { classifyDoError, toInfraError } from '../../src/providers/digitalocean/errors';
import { classifyHetzner } from '../../src/providers/hetzner/api';
import { codeForStatus } from '../../src/providers/http';
import { classifyVultrError } from '../../src/providers/vultr/errors';

const doFailure = (status: number, message: string) => toInfraError({ response: { status, data: { id: 'unprocessable_entity', message }, headers: {} } }, 'create droplet');

describe('conflicts are permanent by default, transient only where mapped so', () => {
  it('a plain INFRA_CONFLICT is not retryable, and its failure says so', () => {
    const e = new InfraError('INFRA_CONFLICT', 'A server named web already exists and was not created by this operation');
    expect(e.retryable).toBe(false);
    expect(toFailure(e).nonRetryable).toBe(true);
    expect(toFailure(new InfraError('INFRA_CONFLICT', 'locked', { retryable: true })).nonRetryable).toBe(false);
  });

  it('keeps INFRA_CONFLICT out of the retry policies\' nonRetryableErrorTypes, so a transient conflict can still retry', () => {
    expect(NON_RETRYABLE_CODES).not.toContain('INFRA_CONFLICT');
    expect(NON_RETRYABLE_CODES).toEqual(expect.arrayContaining(['INFRA_INVALID_INPUT', 'INFRA_NOT_FOUND', 'INFRA_UNAUTHORIZED']));
    expect(INFRA_ERROR_CODES).toContain('INFRA_CONFLICT');
  });

  it('DigitalOcean: a name already taken is permanent, a pending event is transient', () => {
    expect(doFailure(422, 'Name already in use')).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'already_exists', retryable: false });
    expect(doFailure(422, 'SSH Key is already in use on your account')).toMatchObject({ code: 'INFRA_CONFLICT', retryable: false });
    expect(doFailure(422, 'Droplet already has a pending event.')).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'pending_event', retryable: true });
    expect(classifyDoError(409, { id: 'conflict', message: 'something conflicts' })).toMatchObject({ code: 'INFRA_CONFLICT', retryable: false });
  });

  it('Vultr: a duplicate is permanent, a locked or busy server is transient', () => {
    expect(classifyVultrError(400, { error: 'A domain with that name already exists', status: 400 })).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'duplicate', retryable: false });
    expect(classifyVultrError(400, { error: 'Unable to reboot instance: Server is currently locked', status: 400 })).toMatchObject({ code: 'INFRA_CONFLICT', providerCode: 'locked', retryable: true });
    expect(classifyVultrError(400, { error: 'Server is being provisioned, please try again', status: 400 })).toMatchObject({ providerCode: 'locked', retryable: true });
  });

  it('Hetzner: uniqueness_error and protected are permanent; locked, resource_locked and conflict are transient', () => {
    const h = (code: string, status: number) => classifyHetzner(status, { error: { code, message: code } });
    expect(h('uniqueness_error', 409)).toMatchObject({ code: 'INFRA_CONFLICT', retryable: false });
    expect(h('protected', 403)).toMatchObject({ code: 'INFRA_CONFLICT', retryable: false });
    expect(h('locked', 423)).toMatchObject({ code: 'INFRA_CONFLICT', retryable: true });
    expect(h('resource_locked', 423)).toMatchObject({ code: 'INFRA_CONFLICT', retryable: true });
    expect(h('conflict', 409)).toMatchObject({ code: 'INFRA_CONFLICT', retryable: true });
  });

  it('by status alone: 423 Locked is transient, 409 is not', () => {
    expect(codeForStatus(423)).toEqual({ code: 'INFRA_CONFLICT', retryable: true });
    expect(codeForStatus(409)).toEqual({ code: 'INFRA_CONFLICT', retryable: false });
  });
});
