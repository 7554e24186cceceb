/** The pure parsers behind `vps.status` and the cloud-init wait, on real-world output. */
import { parseHealthOutput, HEALTH_SCRIPT } from '../../src/ssh/health';
import { parseCloudInitOutput } from '../../src/ssh/cloud-init';

// What HEALTH_SCRIPT prints on a Hetzner cx22 with fazt installed (Ubuntu 24.04).
const UBUNTU = `@@fazt:uptime
86400.53 170102.11
@@fazt:loadavg
0.50 0.30 0.20 1/187 12345
@@fazt:df
Filesystem        1-blocks       Used   Available Capacity Mounted on
/dev/sda1      40470732800 5200000000 33538076672      14% /
@@fazt:free
               total        used        free      shared  buff/cache   available
Mem:      4001431552  1200000000  1503645696     1150976  1297785856  2801431552
Swap:              0           0           0
@@fazt:version
fazt version 0.8.0
@@fazt:active
active
@@fazt:end
`;

describe('parseHealthOutput', () => {
  it('reads the spec fields from a real Ubuntu host', () => {
    expect(parseHealthOutput(UBUNTU)).toEqual({
      faztStatus: 'healthy',
      faztVersion: '0.8.0',
      uptime: 86400,
      load: [0.5, 0.3, 0.2],
      diskUsed: 5.2,
      diskTotal: 40.5,
      memUsed: 1.2,
      memTotal: 4,
    });
  });

  it('says null for fazt when it is not installed, unhealthy when its service is down', () => {
    const noFazt = UBUNTU.replace('fazt version 0.8.0\n', '').replace('@@fazt:active\nactive\n', '@@fazt:active\n');
    expect(parseHealthOutput(noFazt)).toMatchObject({ faztStatus: null, faztVersion: null, uptime: 86400 });
    const down = UBUNTU.replace('@@fazt:active\nactive', '@@fazt:active\nfailed');
    expect(parseHealthOutput(down).faztStatus).toBe('unhealthy');
    expect(parseHealthOutput(UBUNTU.replace('fazt version 0.8.0', 'fazt v1.2.3-rc.1 (abc123)')).faztVersion).toBe('1.2.3-rc.1');
  });

  it('copes with a filesystem name with spaces, CRLF and missing sections', () => {
    const odd = UBUNTU.replace('/dev/sda1 ', '/dev/mapper/ubuntu vg-root ').replace(/\n/g, '\r\n').replace(/@@fazt:free[\s\S]*?@@fazt:version/, '@@fazt:version');
    const h = parseHealthOutput(odd);
    expect(h.diskTotal).toBe(40.5);
    expect(h.memTotal).toBeNull();
    expect(h.memUsed).toBeNull();
    expect(parseHealthOutput('')).toEqual({ faztStatus: null, faztVersion: null, uptime: null, load: null, diskUsed: null, diskTotal: null, memUsed: null, memTotal: null });
  });

  it('is one script with every section marker', () => {
    for (const s of ['uptime', 'loadavg', 'df', 'free', 'version', 'active']) expect(HEALTH_SCRIPT).toContain(`@@fazt:${s}`);
  });
});

describe('parseCloudInitOutput', () => {
  const json = (status: string) => JSON.stringify({ status, extended_status: status, errors: [] }, null, 1);
  it('maps cloud-init statuses and the marker', () => {
    expect(parseCloudInitOutput(`${json('running')}\n@@fazt:marker\nabsent\n`)).toEqual({ status: 'running', markerPresent: false });
    expect(parseCloudInitOutput(`${json('not started')}\n@@fazt:marker\nabsent\n`)).toEqual({ status: 'running', markerPresent: false });
    expect(parseCloudInitOutput(`${json('done')}\n@@fazt:marker\npresent\n`)).toEqual({ status: 'done', markerPresent: true });
    expect(parseCloudInitOutput(`${json('error')}\n@@fazt:marker\npresent\n`)).toEqual({ status: 'error', markerPresent: true });
  });
  it('treats a host without cloud-init as error', () => {
    expect(parseCloudInitOutput('@@fazt:marker\nabsent\n')).toEqual({ status: 'error', markerPresent: false });
  });
});
