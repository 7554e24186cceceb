/**
 * DigitalOcean's official Python client (digitalocean/pydo 0.44.0), unchanged, against the
 * sandbox's DigitalOcean simulator: sizes, regions, SSH keys, the droplet lifecycle with actions,
 * and domains/records. Each case is a small Python script whose printed JSON is asserted on here.
 *
 * pydo (azure-core) refuses bearer tokens over plain http, as the real API is HTTPS only, so the
 * simulator is reached through a TLS front (./tls-front) whose test certificate the client
 * trusts via azure-core's `connection_verify` option. Nothing else about the client is changed.
 */
import { generateEd25519 } from '../../src/ssh/keys';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import type { DoState } from '../../src/sandbox/digitalocean/state';
import { ensurePythonClients, runPython } from '../helpers/python';
import { startTlsFront, type TlsFront } from './tls-front';

const TOKEN = 'pydo-test-token';

const PRELUDE = `
import json, os, time
import pydo
from azure.core.exceptions import HttpResponseError
client = pydo.Client(token=os.environ["DIGITALOCEAN_TOKEN"], endpoint=os.environ["DO_ENDPOINT"], connection_verify=os.environ["DO_CA"])
def emit(value):
    print(json.dumps(value))
def wait_action(action_id):
    for _ in range(200):
        action = client.actions.get(action_id)["action"]
        if action["status"] != "in-progress":
            return action
        time.sleep(0.05)
    raise RuntimeError("action %s still in progress" % action_id)
def status_of(fn):
    # pydo raises for undocumented statuses and returns the error body for documented ones
    # (a 404 on a get): either way DO's error id is what the caller sees.
    try:
        body = fn()
    except HttpResponseError as e:
        return ["raised", e.status_code, e.response.json().get("id")]
    return ["returned", (body or {}).get("id")]
`;

describe('pydo against the DigitalOcean simulator', () => {
  let sandbox: Sandbox;
  let front: TlsFront;
  let run: <T>(body: string, env?: Record<string, string>) => Promise<T>;

  beforeAll(async () => {
    ensurePythonClients();
    sandbox = await startSandbox({ providers: ['digitalocean'], hosts: false, dns: false, bootMs: 200, actionMs: 50, tokens: { digitalocean: [TOKEN] } });
    front = await startTlsFront(new URL(sandbox.urls.digitalocean).origin);
    const base = { DIGITALOCEAN_TOKEN: TOKEN, DO_ENDPOINT: front.origin, DO_CA: front.caFile };
    run = (body, env = {}) => runPython(PRELUDE + body, { env: { ...base, ...env }, secrets: [TOKEN] });
  });
  afterAll(async () => {
    await front?.stop();
    await sandbox?.stop();
  });

  it('lists sizes with prices and regions', async () => {
    const out = await run<any>(`
sizes = client.sizes.list(per_page=200)
regions = client.regions.list(per_page=200)
first_page = client.sizes.list(per_page=2)
s1 = next(s for s in sizes["sizes"] if s["slug"] == "s-1vcpu-1gb")
emit({
  "total": sizes["meta"]["total"], "count": len(sizes["sizes"]),
  "s1": {k: s1[k] for k in ("memory", "vcpus", "disk", "price_monthly", "price_hourly", "available")}, "s1_in_fra1": "fra1" in s1["regions"],
  "regions": [r["slug"] for r in regions["regions"]], "fra1": next(r for r in regions["regions"] if r["slug"] == "fra1")["name"],
  "page": [len(first_page["sizes"]), "next" in first_page["links"].get("pages", {})],
})
`);
    expect(out.count).toBe(out.total);
    expect(out.count).toBeGreaterThan(2);
    expect(out.s1).toEqual({ memory: 1024, vcpus: 1, disk: 25, price_monthly: 6, price_hourly: expect.closeTo(0.00893, 5), available: true });
    expect(out.s1_in_fra1).toBe(true);
    expect(out.regions).toEqual(expect.arrayContaining(['nyc1', 'fra1', 'ams3', 'sgp1']));
    expect(out.fra1).toBe('Frankfurt 1');
    expect(out.page).toEqual([2, true]);
  });

  it('creates an SSH key and a tagged droplet with user data, polls its create action, reboots it, destroys both', async () => {
    const key = generateEd25519('pydo');
    const userData = '#cloud-config\nruncmd:\n  - echo hello\n';
    const out = await run<any>(`
key = client.ssh_keys.create(body={"name": "pydo-key", "public_key": os.environ["PUBLIC_KEY"]})["ssh_key"]
by_fingerprint = client.ssh_keys.get(key["fingerprint"])["ssh_key"]["id"]
created = client.droplets.create(body={
    "name": "pydo-web-1", "region": "fra1", "size": "s-1vcpu-1gb", "image": "ubuntu-24-04-x64",
    "ssh_keys": [key["id"]], "tags": ["fazt", "op-pydo-1"], "user_data": os.environ["USER_DATA"]})
droplet = created["droplet"]
create_link = next(a for a in created["links"]["actions"] if a["rel"] == "create")
create_action = wait_action(create_link["id"])
got = client.droplets.get(droplet["id"])["droplet"]
tagged = [d["name"] for d in client.droplets.list(tag_name="op-pydo-1")["droplets"]]
untagged = [d["name"] for d in client.droplets.list(tag_name="op-other")["droplets"]]
reboot = client.droplet_actions.post(droplet["id"], body={"type": "reboot"})["action"]
reboot_done = wait_action(reboot["id"])
emit({
  "key": {"name": key["name"], "fingerprint": key["fingerprint"]}, "key_by_fingerprint": by_fingerprint == key["id"],
  "keys": [k["name"] for k in client.ssh_keys.list()["ssh_keys"]],
  "id": droplet["id"], "key_id": key["id"], "first_status": droplet["status"],
  "create_action": [create_action["type"], create_action["status"], create_action["resource_id"] == droplet["id"]],
  "droplet": {"name": got["name"], "status": got["status"], "tags": got["tags"], "size": got["size_slug"],
              "region": got["region"]["slug"], "image": got["image"]["slug"],
              "public_v4": [n["ip_address"] for n in got["networks"]["v4"] if n["type"] == "public"]},
  "tagged": tagged, "untagged": untagged,
  "reboot": [reboot["type"], reboot["status"], reboot_done["status"]],
  "reboot_by_droplet": client.droplet_actions.get(droplet["id"], reboot["id"])["action"]["status"],
})
`, { PUBLIC_KEY: key.public, USER_DATA: userData });
    expect(out.key).toEqual({ name: 'pydo-key', fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/) });
    expect(out.key_by_fingerprint).toBe(true);
    expect(out.keys).toEqual(['pydo-key']);
    expect(out.first_status).toBe('new');
    expect(out.create_action).toEqual(['create', 'completed', true]);
    expect(out.droplet).toEqual({
      name: 'pydo-web-1', status: 'active', tags: ['fazt', 'op-pydo-1'], size: 's-1vcpu-1gb', region: 'fra1',
      image: 'ubuntu-24-04-x64', public_v4: [expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/)],
    });
    expect(out.tagged).toEqual(['pydo-web-1']);
    expect(out.untagged).toEqual([]);
    expect(out.reboot).toEqual(['reboot', 'in-progress', 'completed']);
    expect(out.reboot_by_droplet).toBe('completed');
    // The user data the client sent is what the simulator keeps for the droplet's first boot.
    const state = sandbox.sims.digitalocean.dump() as DoState;
    expect(state.droplets.find((d) => d.id === out.id)?.userData).toBe(userData);

    const gone = await run<any>(`
droplet_id = int(os.environ["DROPLET_ID"])
emit({
  "destroy": client.droplets.destroy(droplet_id),
  "after_destroy": status_of(lambda: client.droplets.get(droplet_id)),
  "droplets_after": [d["name"] for d in client.droplets.list()["droplets"]],
  "key_delete": client.ssh_keys.delete(int(os.environ["KEY_ID"])),
  "keys_after": client.ssh_keys.list()["ssh_keys"],
})
`, { DROPLET_ID: String(out.id), KEY_ID: String(out.key_id) });
    expect(gone).toEqual({ destroy: null, after_destroy: ['returned', 'not_found'], droplets_after: [], key_delete: null, keys_after: [] });
  });

  it('creates a domain, creates, lists, filters and deletes a record, deletes the domain', async () => {
    const out = await run<any>(`
domain = client.domains.create(body={"name": "pydo-example.com"})["domain"]
record = client.domains.create_record("pydo-example.com", body={"type": "A", "name": "www", "data": "203.0.113.10", "ttl": 300})["domain_record"]
txt = client.domains.create_record("pydo-example.com", body={"type": "TXT", "name": "@", "data": "v=spf1 -all", "ttl": 1800})["domain_record"]
listed = [[r["type"], r["name"], r["data"]] for r in client.domains.list_records("pydo-example.com")["domain_records"]]
filtered = [[r["type"], r["name"], r["data"], r["ttl"]] for r in client.domains.list_records("pydo-example.com", type="A", name="www.pydo-example.com")["domain_records"]]
got = client.domains.get_record("pydo-example.com", record["id"])["domain_record"]
deleted = client.domains.delete_record("pydo-example.com", record["id"])
after_delete = [[r["type"], r["name"]] for r in client.domains.list_records("pydo-example.com")["domain_records"]]
missing = status_of(lambda: client.domains.get_record("pydo-example.com", record["id"]))
emit({
  "domain": domain["name"], "listed_domains": [d["name"] for d in client.domains.list()["domains"]],
  "record": {k: record[k] for k in ("type", "name", "data", "ttl")}, "txt": txt["data"],
  "listed": listed, "filtered": filtered, "got": got["data"], "deleted": deleted,
  "after_delete": after_delete, "missing": missing,
  "domain_deleted": client.domains.delete("pydo-example.com"),
  "domains_after": client.domains.list()["domains"],
  "gone": status_of(lambda: client.domains.get("pydo-example.com")),
})
`);
    expect(out.domain).toBe('pydo-example.com');
    expect(out.listed_domains).toEqual(['pydo-example.com']);
    expect(out.record).toEqual({ type: 'A', name: 'www', data: '203.0.113.10', ttl: 300 });
    expect(out.txt).toBe('v=spf1 -all');
    expect(out.listed).toEqual(expect.arrayContaining([['A', 'www', '203.0.113.10'], ['TXT', '@', 'v=spf1 -all'], ['NS', '@', 'ns1.digitalocean.com']]));
    expect(out.listed.map((r: string[]) => r[0])).toContain('SOA');
    expect(out.filtered).toEqual([['A', 'www', '203.0.113.10', 300]]);
    expect(out.got).toBe('203.0.113.10');
    expect(out.deleted).toBeNull();
    expect(out.after_delete).not.toContainEqual(['A', 'www']);
    expect(out.after_delete).toContainEqual(['TXT', '@']);
    expect(out.missing).toEqual(['returned', 'not_found']);
    expect(out.domain_deleted).toBeNull();
    expect(out.domains_after).toEqual([]);
    expect(out.gone).toEqual(['returned', 'not_found']);
  });

  it('surfaces DigitalOcean errors with DO\'s error ids (bad token, bad size, duplicate domain raise HttpResponseError)', async () => {
    const out = await run<any>(`
bad = pydo.Client(token="wrong-token", endpoint=os.environ["DO_ENDPOINT"], connection_verify=os.environ["DO_CA"])
client.domains.create(body={"name": "pydo-dup.com"})
emit({
  "bad_token": status_of(lambda: bad.regions.list()),
  "bad_size": status_of(lambda: client.droplets.create(body={"name": "x", "region": "fra1", "size": "s-99vcpu", "image": "ubuntu-24-04-x64"})),
  "duplicate_domain": status_of(lambda: client.domains.create(body={"name": "pydo-dup.com"})),
})
`);
    expect(out).toEqual({
      bad_token: ['raised', 401, 'unauthorized'], bad_size: ['raised', 422, 'unprocessable_entity'], duplicate_domain: ['raised', 422, 'unprocessable_entity'],
    });
  });
});
