// kubectl's error wording: Status failures, generic server answers, connection failures and aggregates.
import { describe, expect, it } from 'vitest';
import type { KubeError } from './errors.js';
import {
  checkErrText,
  enhanceListError,
  errorFromResponse,
  newAggregate,
  reduceFlatten,
} from './errors.js';

const notFound = (name: string): KubeError => ({
  type: 'status',
  reason: 'NotFound',
  message: `pods "${name}" not found`,
  code: 404,
});

describe('checkErrText', () => {
  it.each<[string, KubeError | null, string]>([
    ['nothing', null, ''],
    ['a Status', notFound('x'), 'Error from server (NotFound): pods "x" not found\n'],
    [
      'an aggregate of one',
      newAggregate([notFound('x')]),
      'Error from server (NotFound): pods "x" not found\n',
    ],
    [
      'an aggregate of two, one line each',
      newAggregate([notFound('a'), notFound('b')]),
      'Error from server (NotFound): pods "a" not found\nError from server (NotFound): pods "b" not found\n',
    ],
    [
      'a Status without reason',
      { type: 'status', reason: '', message: 'boom', code: 500 },
      'Error from server: boom\n',
    ],
    [
      'Unauthorized',
      { type: 'status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 },
      'error: You must be logged in to the server (Unauthorized)\n',
    ],
    [
      'a plain error gets "error: "',
      { type: 'plain', message: 'the server doesn\'t have a resource type "foo"' },
      'error: the server doesn\'t have a resource type "foo"\n',
    ],
    [
      'a plain error inside an aggregate does not',
      newAggregate([newAggregate([{ type: 'plain', message: 'x' }]) as KubeError]),
      'x\n',
    ],
    [
      'a transport failure',
      { type: 'transport', message: 'tls: bad certificate' },
      'Unable to connect to the server: tls: bad certificate\n',
    ],
    [
      'a refused connection',
      { type: 'transport', message: 'connect ECONNREFUSED', refusedHost: '10.0.0.1:6443' },
      'The connection to the server 10.0.0.1:6443 was refused - did you specify the right host or port?\n',
    ],
  ])('%s', (_name, err, want) => {
    expect(checkErrText(err)).toBe(want);
  });

  it('reduceFlatten unwraps nested aggregates and single errors', () => {
    expect(reduceFlatten([])).toBeNull();
    expect(reduceFlatten([newAggregate([notFound('a')]) as KubeError])).toEqual(notFound('a'));
    expect(reduceFlatten([newAggregate([notFound('a')]) as KubeError, notFound('b')])).toEqual({
      type: 'aggregate',
      errors: [notFound('a'), notFound('b')],
    });
  });
});

describe('errorFromResponse', () => {
  const target = { group: 'apps', resource: 'deployments', name: 'web' };

  it('uses a failure Status body as is', () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Forbidden',
      message: 'no',
      code: 403,
    });
    expect(errorFromResponse(403, body, target)).toEqual({
      type: 'status',
      reason: 'Forbidden',
      message: 'no',
      code: 403,
    });
  });

  it.each<[number, string, string, string]>([
    [
      404,
      '404 page not found',
      'NotFound',
      'the server could not find the requested resource (get deployments.apps web)',
    ],
    [
      500,
      'etcd down\n',
      'InternalError',
      'an error on the server ("etcd down") has prevented the request from succeeding (get deployments.apps web)',
    ],
    [
      503,
      '{"kind":"Other"}',
      'ServiceUnavailable',
      'the server is currently unable to handle the request (get deployments.apps web)',
    ],
    [
      418,
      'teapot',
      '',
      'the server responded with the status code 418 but did not return more information (get deployments.apps web)',
    ],
  ])('words a %d without a Status', (status, body, reason, message) => {
    expect(errorFromResponse(status, body, target)).toEqual({
      type: 'status',
      reason,
      message,
      code: status,
    });
  });

  it('ignores the Status body for discovery, as client-go does for raw reads', () => {
    const body = JSON.stringify({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      message: 'Unauthorized',
      code: 401,
    });
    const e = errorFromResponse(401, body, { group: '', resource: '', name: '' }, false);
    expect(checkErrText(e)).toBe(
      'error: You must be logged in to the server (the server has asked for the client to provide credentials)\n',
    );
    const forbidden = errorFromResponse(
      403,
      '{"kind":"Status"}',
      { group: '', resource: '', name: '' },
      false,
    );
    expect(checkErrText(forbidden)).toBe('Error from server (Forbidden): unknown\n');
  });

  it('names a list without a resource name', () => {
    const e = errorFromResponse(404, 'nope', { group: '', resource: 'pods', name: '' });
    expect(e.type === 'status' && e.message).toBe(
      'the server could not find the requested resource (get pods)',
    );
  });
});

describe('enhanceListError', () => {
  const base: KubeError = {
    type: 'status',
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
    code: 404,
  };

  it.each<[KubeError, string, string, string]>([
    [
      base,
      '',
      '',
      'Unable to list "/v1, Resource=pods": the server could not find the requested resource',
    ],
    [
      base,
      'app=web',
      '',
      'Unable to find "/v1, Resource=pods" that match label selector "app=web", field selector "": the server could not find the requested resource',
    ],
    [{ ...base, reason: 'Forbidden', code: 403, message: 'denied' }, '', '', 'denied'],
    [{ ...base, reason: 'Expired', code: 410, message: 'too old' }, '', '', 'too old'],
  ])('%j', (err, label, field, want) => {
    const e = enhanceListError(err, '/v1, Resource=pods', label, field);
    expect(e.type === 'status' && e.message).toBe(want);
  });
});
