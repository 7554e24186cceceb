/**
 * Hetzner's official Python client (hetznercloud/hcloud-python 2.27.0), unchanged, against the
 * sandbox's Hetzner simulator: catalogue, SSH keys, the server lifecycle with actions, and Cloud
 * DNS zones/rrsets. Each case is a small Python script whose printed JSON is asserted on here.
 * The client is configured only through its constructor (`api_endpoint`, `poll_interval`).
 */
import { generateEd25519 } from '../../src/ssh/keys';
import { startSandbox, type Sandbox } from '../../src/sandbox';
import type { HetznerState } from '../../src/sandbox/hetzner/state';
import { ensurePythonClients, runPython } from '../helpers/python';

const TOKEN = 'hcloud-python-test-token';

/** Every script starts with a client pointed at the sandbox; `poll_interval` keeps action waits short. */
const PRELUDE = `
import json, os
from hcloud import Client, APIException
client = Client(token=os.environ["HCLOUD_TOKEN"], api_endpoint=os.environ["HCLOUD_ENDPOINT"], poll_interval=0.05)
def emit(value):
    print(json.dumps(value))
`;

describe('hcloud-python against the Hetzner simulator', () => {
  let sandbox: Sandbox;
  let run: <T>(body: string, env?: Record<string, string>) => Promise<T>;

  beforeAll(async () => {
    ensurePythonClients();
    sandbox = await startSandbox({ providers: ['hetzner'], hosts: false, dns: false, bootMs: 200, actionMs: 50, tokens: { hetzner: [TOKEN] } });
    const base = { HCLOUD_TOKEN: TOKEN, HCLOUD_ENDPOINT: sandbox.urls.hetzner };
    run = (body, env = {}) => runPython(PRELUDE + body, { env: { ...base, ...env }, secrets: [TOKEN] });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('reads server types with per-location prices and availability, locations and images', async () => {
    const out = await run<any>(`
types = {t.name: t for t in client.server_types.get_all()}
cx22 = types["cx22"]
fsn1 = next(p for p in cx22.prices if p["location"] == "fsn1")
cpx41 = types["cpx41"]
image = client.images.get_by_name_and_architecture("ubuntu-24.04", "x86")
emit({
  "names": sorted(types),
  "cx22": {"cores": cx22.cores, "memory": cx22.memory, "disk": cx22.disk, "architecture": cx22.architecture,
           "monthly": fsn1["price_monthly"], "hourly": fsn1["price_hourly"]},
  "cpx41_locations": {l.location.name: [l.available, l.recommended] for l in cpx41.locations},
  "locations": [l.name for l in client.locations.get_all()],
  "fsn1": client.locations.get_by_name("fsn1").network_zone,
  "image": {"name": image.name, "os_flavor": image.os_flavor, "architecture": image.architecture, "type": image.type},
  "arm_images": sorted({i.name for i in client.images.get_all(type="system", architecture="arm")}),
})
`);
    expect(out.names).toEqual(expect.arrayContaining(['cx22', 'cpx11', 'cax11', 'ccx13']));
    expect(out.cx22).toEqual({
      cores: 2, memory: 4, disk: 40, architecture: 'x86',
      monthly: { net: '3.7900000000000000', gross: '4.5101000000000000' },
      hourly: { net: '0.0052000000000000', gross: '0.0062000000000000' },
    });
    // cpx41 is sold out in Singapore: the client reads that from the type's locations.
    expect(out.cpx41_locations.sin).toEqual([false, false]);
    expect(out.cpx41_locations.fsn1).toEqual([true, true]);
    expect(out.locations).toEqual(['fsn1', 'nbg1', 'hel1', 'ash', 'hil', 'sin']);
    expect(out.fsn1).toBe('eu-central');
    expect(out.image).toEqual({ name: 'ubuntu-24.04', os_flavor: 'ubuntu', architecture: 'x86', type: 'system' });
    expect(out.arm_images).toContain('ubuntu-24.04');
  });

  it('creates an SSH key and a labelled server with user data, waits on its actions, reboots, powers off and on, deletes both', async () => {
    const key = generateEd25519('hcloud-python');
    const userData = '#cloud-config\nruncmd:\n  - echo hello\n';
    const out = await run<any>(`
from hcloud.images import Image
from hcloud.locations import Location
from hcloud.server_types import ServerType
key = client.ssh_keys.create(name="py-key", public_key=os.environ["PUBLIC_KEY"], labels={"by": "hcloud-python"})
keys = [k.name for k in client.ssh_keys.get_all()]
created = client.servers.create(
    name="py-web-1", server_type=ServerType(name="cx22"), image=Image(name="ubuntu-24.04"),
    location=Location(name="nbg1"), ssh_keys=[key], labels={"app": "fazt", "op": "py-1"},
    user_data=os.environ["USER_DATA"])
first_status = created.server.status
created.action.wait_until_finished()
for action in created.next_actions:
    action.wait_until_finished()
server = client.servers.get_by_id(created.server.id)
selected = [s.name for s in client.servers.get_all(label_selector="op=py-1")]
none_selected = [s.name for s in client.servers.get_all(label_selector="op=other")]
reboot = server.reboot()
reboot.wait_until_finished()
off = server.power_off()
off.wait_until_finished()
off_status = client.servers.get_by_id(server.id).status
on = server.power_on()
on.wait_until_finished()
on_status = client.servers.get_by_id(server.id).status
emit({
  "key": {"name": key.name, "fingerprint": key.fingerprint, "labels": key.labels}, "keys": keys,
  "id": server.id, "first_status": first_status, "root_password": created.root_password,
  "create": [created.action.command, created.action.status],
  "next": [[a.command, a.status] for a in created.next_actions],
  "server": {"name": server.name, "status": server.status, "labels": server.labels, "type": server.server_type.name,
             "image": server.image.name, "location": server.location.name, "ipv4": server.public_net.ipv4.ip},
  "selected": selected, "none_selected": none_selected,
  "reboot": [reboot.command, reboot.status], "off": [off.command, off.status, off_status],
  "on": [on.command, on.status, on_status], "key_id": key.id,
})
`, { PUBLIC_KEY: key.public, USER_DATA: userData });
    expect(out.key).toEqual({ name: 'py-key', fingerprint: expect.stringMatching(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/), labels: { by: 'hcloud-python' } });
    expect(out.keys).toEqual(['py-key']);
    expect(out.first_status).toBe('initializing');
    // With an SSH key given, Hetzner sends no root password.
    expect(out.root_password).toBeNull();
    expect(out.create).toEqual(['create_server', 'success']);
    expect(out.next).toEqual([['start_server', 'success']]);
    expect(out.server).toEqual({
      name: 'py-web-1', status: 'running', labels: { app: 'fazt', op: 'py-1' }, type: 'cx22',
      image: 'ubuntu-24.04', location: 'nbg1', ipv4: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
    });
    expect(out.selected).toEqual(['py-web-1']);
    expect(out.none_selected).toEqual([]);
    expect(out.reboot).toEqual(['reboot_server', 'success']);
    expect(out.off).toEqual(['stop_server', 'success', 'off']);
    expect(out.on).toEqual(['start_server', 'success', 'running']);
    // The user data the client sent is what the simulator keeps for the server's first boot.
    const state = sandbox.sims.hetzner.dump() as HetznerState;
    expect(state.servers.find((x) => x.id === out.id)?.userData).toBe(userData);

    const gone = await run<any>(`
server = client.servers.get_by_id(int(os.environ["SERVER_ID"]))
deleted = client.servers.delete(server)
deleted.wait_until_finished()
try:
    client.servers.get_by_id(server.id)
    after_delete = "found"
except APIException as e:
    after_delete = e.code
emit({
  "delete": [deleted.command, deleted.status], "after_delete": after_delete,
  "key_deleted": client.ssh_keys.delete(client.ssh_keys.get_by_id(int(os.environ["KEY_ID"]))),
  "servers_after": [s.name for s in client.servers.get_all()], "keys_after": [k.name for k in client.ssh_keys.get_all()],
})
`, { SERVER_ID: String(out.id), KEY_ID: String(out.key_id) });
    expect(gone).toEqual({ delete: ['delete_server', 'success'], after_delete: 'not_found', key_deleted: true, servers_after: [], keys_after: [] });
  });

  it('creates a DNS zone, creates, changes, lists and deletes an rrset, exports the zone file, deletes the zone', async () => {
    const out = await run<any>(`
from hcloud.zones import ZoneRecord
created = client.zones.create(name="py-example.com", mode="primary", ttl=3600, labels={"app": "fazt"})
created.action.wait_until_finished()
zone = client.zones.get("py-example.com")
rr = client.zones.create_rrset(zone, name="www", type="A", ttl=300, labels={"op": "py-2"},
                               records=[ZoneRecord(value="203.0.113.10", comment="web")])
rr.action.wait_until_finished()
listed = [[s.name, s.type, s.ttl, [r.value for r in s.records]] for s in client.zones.get_rrset_all(zone)]
only_a = [[s.name, s.type] for s in zone.get_rrset_all(type=["A"])]
rrset = client.zones.get_rrset(zone, "www", "A")
added = rrset.add_rrset_records([ZoneRecord(value="203.0.113.11")])
added.wait_until_finished()
after_add = sorted(r.value for r in client.zones.get_rrset(zone, "www", "A").records)
replaced = client.zones.set_rrset_records(rrset, [ZoneRecord(value="203.0.113.12")])
replaced.wait_until_finished()
after_set = [r.value for r in client.zones.get_rrset(zone, "www", "A").records]
zonefile = client.zones.export_zonefile(zone).zonefile
removed = client.zones.delete_rrset(rrset)
removed.action.wait_until_finished()
after_delete = [[s.name, s.type] for s in client.zones.get_rrset_all(zone)]
zone_deleted = client.zones.delete(zone)
zone_deleted.action.wait_until_finished()
emit({
  "zone": {"name": zone.name, "mode": zone.mode, "status": zone.status, "ttl": zone.ttl, "labels": zone.labels,
           "assigned": zone.authoritative_nameservers.assigned},
  "create": [created.action.command, created.action.status],
  "rrset": {"id": rr.rrset.id, "labels": rr.rrset.labels, "records": [[r.value, r.comment] for r in rr.rrset.records]},
  "listed": listed, "only_a": only_a, "added": added.command, "after_add": after_add,
  "replaced": replaced.command, "after_set": after_set, "zonefile": zonefile,
  "removed": removed.action.command, "after_delete": after_delete,
  "zone_deleted": [zone_deleted.action.command, zone_deleted.action.status],
  "zones_after": [z.name for z in client.zones.get_all()],
})
`);
    expect(out.zone).toEqual({
      name: 'py-example.com', mode: 'primary', status: 'ok', ttl: 3600, labels: { app: 'fazt' },
      assigned: ['hydrogen.ns.hetzner.com.', 'oxygen.ns.hetzner.com.', 'helium.ns.hetzner.de.'],
    });
    expect(out.create).toEqual(['create_zone', 'success']);
    expect(out.rrset).toEqual({ id: 'www/A', labels: { op: 'py-2' }, records: [['203.0.113.10', 'web']] });
    expect(out.listed).toEqual(expect.arrayContaining([
      ['www', 'A', 300, ['203.0.113.10']],
      ['@', 'NS', null, ['hydrogen.ns.hetzner.com.', 'oxygen.ns.hetzner.com.', 'helium.ns.hetzner.de.']],
    ]));
    expect(out.listed.map((s: unknown[]) => s[1])).toContain('SOA');
    expect(out.only_a).toEqual([['www', 'A']]);
    expect(out.added).toBe('add_rrset_records');
    expect(out.after_add).toEqual(['203.0.113.10', '203.0.113.11']);
    expect(out.replaced).toBe('set_rrset_records');
    expect(out.after_set).toEqual(['203.0.113.12']);
    expect(out.zonefile).toMatch(/^\$ORIGIN py-example\.com\.$/m);
    expect(out.zonefile).toMatch(/^www\s+300\s+IN\s+A\s+203\.0\.113\.12/m);
    expect(out.removed).toBe('delete_rrset');
    expect(out.after_delete.map((s: string[]) => s.join(' ')).sort()).toEqual(['@ NS', '@ SOA']);
    expect(out.zone_deleted).toEqual(['delete_zone', 'success']);
    expect(out.zones_after).toEqual([]);
  });

  it('surfaces Hetzner errors as the client\'s APIException codes (bad token, unknown type, duplicate name)', async () => {
    const out = await run<any>(`
from hcloud.images import Image
from hcloud.server_types import ServerType
def code(fn):
    try:
        fn()
        return "no error"
    except APIException as e:
        return e.code
bad = Client(token="wrong-token", api_endpoint=os.environ["HCLOUD_ENDPOINT"])
client.ssh_keys.create(name="dup", public_key=os.environ["PUBLIC_KEY"])
emit({
  "bad_token": code(lambda: bad.locations.get_all()),
  "unknown_type": code(lambda: client.servers.create(name="x", server_type=ServerType(name="cx999"), image=Image(name="ubuntu-24.04"))),
  "duplicate_key": code(lambda: client.ssh_keys.create(name="dup", public_key=os.environ["PUBLIC_KEY"])),
  "missing_server": code(lambda: client.servers.get_by_id(999999)),
})
`, { PUBLIC_KEY: generateEd25519('dup').public });
    expect(out).toEqual({ bad_token: 'unauthorized', unknown_type: 'invalid_input', duplicate_key: 'uniqueness_error', missing_server: 'not_found' });
  });
});
