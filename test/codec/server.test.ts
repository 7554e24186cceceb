/**
 * `fazt codec-server` over real HTTP on loopback: the Temporal UI's remote codec calls (encode,
 * decode, CORS preflight), the origins it refuses, and clear 4xx answers for bad bodies.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, deriveCodecKey, payloadCodec } from '../../src/codec';
import { startCodecServer, type CodecServer } from '../../src/codec/server';
import { parsePayloads, toJson } from '../../src/codec/wire';
import { ConfigStore } from '../../src/config';
import { run } from '../cli/harness';

const codec = new AesGcmPayloadCodec([deriveCodecKey(Buffer.alloc(32, 9))]);
const VALUE = { adminEmail: 'jane.doe@example.com' };

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, headers: res.headers, json: (await res.json()) as any };
}

describe('codec server', () => {
  let server: CodecServer;
  beforeAll(async () => {
    server = await startCodecServer({ codec, port: 0, uiOrigins: ['https://temporal.example.com'] });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('binds loopback by default and encodes then decodes over HTTP', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const plain = toJson([defaultPayloadConverter.toPayload(VALUE)]);
    const enc = await post(`${server.url}/encode`, JSON.stringify(plain), { 'x-namespace': 'default' });
    expect(enc.status).toBe(200);
    expect(Buffer.from(enc.json.payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(JSON.stringify(enc.json)).not.toContain(Buffer.from('jane.doe').toString('base64').slice(0, 8));
    const dec = await post(`${server.url}/decode`, JSON.stringify(enc.json));
    expect(dec.status).toBe(200);
    expect(dec.json).toEqual(plain);
    // What the UI decodes for a history from before the codec: unchanged.
    expect((await post(`${server.url}/decode`, JSON.stringify(plain))).json).toEqual(plain);
  });

  it('answers the preflight and the call of a loopback or configured UI origin with CORS headers', async () => {
    for (const origin of ['http://localhost:8233', 'http://127.0.0.1:9000', 'https://temporal.example.com']) {
      const pre = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin);
      expect(pre.headers.get('access-control-allow-headers')).toContain('x-namespace');
      const res = await post(`${server.url}/decode`, JSON.stringify({ payloads: [] }), { origin });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
  });

  it('refuses other origins, preflight included, and sends them no CORS headers', async () => {
    for (const origin of ['https://evil.example.net', 'http://localhost.evil.example.net', 'null', 'https://temporal.example.com:444']) {
      const pre = await fetch(`${server.url}/decode`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect(pre.status).toBe(403);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
      const res = await post(`${server.url}/decode`, JSON.stringify({ payloads: [] }), { origin });
      expect(res.status).toBe(403);
      expect(res.json.error).toMatch(/is not allowed; start the codec server with --ui-origin/);
    }
  });

  it.each([
    ['not json', /the body is not JSON/],
    ['[]', /must be an object with a "payloads" array/],
    ['{"payloads":{}}', /must be an object with a "payloads" array/],
    ['{"payloads":[1]}', /payloads\[0\] must be an object/],
    ['{"payloads":[{"metadata":[]}]}', /payloads\[0\]\.metadata must be an object of base64 strings/],
    ['{"payloads":[{"metadata":{"encoding":"%%%"}}]}', /payloads\[0\]\.metadata\.encoding must be a base64 string/],
    ['{"payloads":[{"metadata":{},"data":7}]}', /payloads\[0\]\.data must be a base64 string/],
  ])('a malformed body (%s) gets 400 with what is wrong', async (body, message) => {
    const res = await post(`${server.url}/decode`, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatch(message);
  });

  it('a payload sealed with another key gets 422 naming the key, unknown paths 404, other methods 405', async () => {
    const [sealed] = await new AesGcmPayloadCodec([deriveCodecKey(Buffer.alloc(32, 1))]).encode([defaultPayloadConverter.toPayload(VALUE)]);
    const res = await post(`${server.url}/decode`, JSON.stringify(toJson([sealed])));
    expect(res.status).toBe(422);
    expect(res.json.error).toContain(deriveCodecKey(Buffer.alloc(32, 1)).id);
    expect((await post(`${server.url}/nope`, '{}')).status).toBe(404);
    expect((await fetch(`${server.url}/decode`)).status).toBe(405);
  });
});

describe('fazt codec-server', () => {
  it('serves with the config folder key until stopped, and prints how to point the UI at it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazt-codec-cli-'));
    try {
      const store = new ConfigStore({ dir, env: {} });
      const lines: string[] = [];
      let decoded: unknown;
      const result = await run(['codec-server', '--port', '0'], {
        deps: {
          configStore: () => store,
          out: (t) => lines.push(t),
          untilInterrupted: async () => {
            const url = /Codec server: (http:\/\/\S+)/.exec(lines.join('\n'))![1];
            // The worker of this config folder encrypted it; the server opens it.
            const [sealed] = await payloadCodec({ dir, env: {} }).encode([defaultPayloadConverter.toPayload(VALUE)]);
            const res = await post(`${url}/decode`, JSON.stringify(toJson([sealed])), { origin: 'http://localhost:8233' });
            decoded = res.status === 200 ? defaultPayloadConverter.fromPayload(parsePayloads(JSON.stringify(res.json))[0]) : res.json;
          },
        },
      });
      expect(result.exitCode).toBe(0);
      expect(decoded).toEqual(VALUE);
      expect(lines.join('\n')).toMatch(/--ui-codec-endpoint http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed --ui-origin and --port before starting anything', async () => {
    const bad = await run(['codec-server', '--ui-origin', 'temporal.example.com/ui']);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.err).toMatch(/--ui-origin "temporal.example.com\/ui" is not an origin/);
    const port = await run(['codec-server', '--port', '99999']);
    expect(port.err).toMatch(/--port must be between 0 and 65535/);
  });
});
