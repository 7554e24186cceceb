/**
 * The SSH endpoint of one simulated host: a TCP listener on the host's own loopback address whose
 * connections go to an ssh2 `Server` with the host's key. Publickey auth for root only; exec and
 * an interactive shell over the simulated command set. Down (connections closed) before boot.
 */
import net from 'node:net';
import { Server, type Connection, type ServerChannel, type PseudoTtyInfo } from 'ssh2';
import { runScript } from './commands';
import type { Machine } from './machine';

export class SshEndpoint {
  private readonly tcp: net.Server;
  private readonly ssh: Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly aborts = new Set<AbortController>();

  constructor(
    private readonly machine: Machine,
    private readonly now: () => number,
  ) {
    this.ssh = new Server({ hostKeys: [machine.hostKey], ident: 'OpenSSH_9.6p1 Ubuntu-3ubuntu13.5' }, (client) => this.onClient(client));
    // A client that vanishes mid-handshake is not our error.
    this.ssh.on('error', () => {});
    this.tcp = net.createServer((socket) => {
      socket.on('error', () => {});
      // Booting (or rebooting): the port is there but nothing answers, the way sshd is not yet up.
      if (!this.machine.isUp(this.now())) return void socket.destroy();
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.ssh.injectSocket(socket);
    });
  }

  /** Binds `machine.ipv4:port`. */
  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen({ host: this.machine.ipv4, port, exclusive: true }, () => {
        this.tcp.off('error', reject);
        resolve();
      });
    });
  }

  /** Drops every connection (a reboot or power-off). */
  dropConnections(): void {
    for (const a of this.aborts) a.abort();
    for (const s of this.sockets) s.destroy();
  }

  close(): Promise<void> {
    this.dropConnections();
    return new Promise((resolve) => this.tcp.close(() => resolve()));
  }

  private onClient(client: Connection): void {
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || ctx.username !== 'root') return ctx.reject(['publickey']);
      const key = this.machine.authorizedKeys.find((k) => k.getPublicSSH().equals(ctx.key.data));
      if (!key) return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let pty: PseudoTtyInfo | undefined;
        session.on('pty', (accept, _reject, info) => {
          pty = info;
          accept?.();
        });
        session.on('env', (accept) => accept?.());
        session.on('window-change', (accept) => accept?.());
        session.on('subsystem', (_accept, reject) => reject?.());
        session.on('exec', (accept, _reject, info) => void this.exec(accept(), info.command));
        session.on('shell', (accept) => this.shell(accept(), pty !== undefined));
      });
    });
  }

  private async exec(stream: ServerChannel, command: string): Promise<void> {
    const abort = new AbortController();
    this.aborts.add(abort);
    stream.on('close', () => abort.abort());
    stream.on('error', () => {});
    try {
      const r = await runScript(command, { machine: this.machine, now: this.now, signal: abort.signal }).catch((err: Error) => ({
        // A simulator bug answers like a crashed command instead of taking the sandbox down.
        stdout: '',
        stderr: `bash: internal error in the simulated host: ${err.message}\n`,
        exitCode: 1,
      }));
      if (abort.signal.aborted) return;
      if (r.stdout) stream.write(r.stdout);
      if (r.stderr) stream.stderr.write(r.stderr);
      stream.exit(r.exitCode);
      stream.end();
    } finally {
      this.aborts.delete(abort);
    }
  }

  /** Line-by-line interactive shell; with a pty it echoes input and uses CRLF like a terminal. */
  private shell(stream: ServerChannel, tty: boolean): void {
    const abort = new AbortController();
    this.aborts.add(abort);
    stream.on('close', () => {
      abort.abort();
      this.aborts.delete(abort);
    });
    stream.on('error', () => {});
    const prompt = `root@${this.machine.name}:~# `;
    const write = (text: string) => {
      if (!stream.writable) return;
      stream.write(tty ? text.replace(/\r?\n/g, '\r\n') : text);
    };
    const writeErr = (text: string) => (tty ? write(text) : stream.stderr.write(text));
    let line = '';
    let chain = Promise.resolve();
    let lastCode = 0;
    let done = false;
    let lastWasCr = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      if (tty) write('logout\n');
      stream.exit(code);
      stream.end();
    };
    const submit = (cmd: string) => {
      chain = chain.then(async () => {
        if (done || abort.signal.aborted) return;
        const r = await runScript(cmd, { machine: this.machine, now: this.now, signal: abort.signal }).catch((err: Error) => ({
          stdout: '',
          stderr: `bash: internal error in the simulated host: ${err.message}\n`,
          exitCode: 1,
          exited: false,
        }));
        if (abort.signal.aborted) return;
        write(r.stdout);
        writeErr(r.stderr);
        lastCode = r.exitCode;
        if (r.exited) return finish(r.exitCode);
        if (tty) write(prompt);
      });
    };
    if (tty) write(`Welcome to Ubuntu 24.04.1 LTS (GNU/Linux 6.8.0-51-generic x86_64)\n\n${prompt}`);
    stream.on('data', (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (done) return;
        // CRLF from a terminal is one Enter.
        if (ch === '\n' && lastWasCr) {
          lastWasCr = false;
          continue;
        }
        lastWasCr = ch === '\r';
        if (ch === '\r' || ch === '\n') {
          if (tty) write('\n');
          const cmd = line;
          line = '';
          if (cmd.trim()) submit(cmd);
          else if (tty) write(prompt);
        } else if (ch === '\x7f' || ch === '\b') {
          if (line && tty) write('\b \b');
          line = line.slice(0, -1);
        } else if (ch === '\x03') {
          line = '';
          if (tty) write(`^C\n${prompt}`);
        } else if (ch === '\x04') {
          if (!line) chain = chain.then(() => finish(lastCode));
        } else {
          line += ch;
          if (tty) write(ch);
        }
      }
    });
    // Without a tty, end of input ends the shell like `bash -s` reading a pipe.
    stream.on('end', () => {
      if (line.trim()) submit(line);
      chain = chain.then(() => finish(lastCode));
    });
  }
}
