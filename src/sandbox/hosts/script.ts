/**
 * A small POSIX-shell subset parser for the simulated hosts: enough for one-line commands and the
 * multi-line scripts our SSH client sends (`;`, newlines, `&&`, `||`, `|`, quotes, comments and
 * redirections to /dev/null or between stdout and stderr). No variables, globs or subshells.
 */

export interface Redirect {
  fd: 1 | 2;
  /** `null` (discard), or the other stream. */
  to: 'null' | 1 | 2;
}

export interface SimpleCommand {
  argv: string[];
  redirects: Redirect[];
}

/** Commands joined by `|`. */
export type Pipeline = SimpleCommand[];

export interface ListItem {
  /** How this pipeline is joined to the previous one (`;` for the first). */
  op: ';' | '&&' | '||';
  pipeline: Pipeline;
}

export class ScriptSyntaxError extends Error {}

type Token = { kind: 'word'; value: string } | { kind: 'op'; value: ';' | '&&' | '||' | '|' | '\n' } | { kind: 'redir'; value: string };

/** Splits a script into words and operators, honouring quotes, escapes and comments. */
export function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let word: string | null = null;
  const flush = () => {
    if (word !== null) tokens.push(/^\d?>>?(&\d)?$|^&>$/.test(word) ? { kind: 'redir', value: word } : { kind: 'word', value: word });
    word = null;
  };
  while (i < script.length) {
    const c = script[i];
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new ScriptSyntaxError("unexpected EOF while looking for matching `''");
      word = (word ?? '') + script.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < script.length && script[j] !== '"') {
        if (script[j] === '\\' && '"\\$`'.includes(script[j + 1] ?? '')) j++;
        s += script[j++];
      }
      if (j >= script.length) throw new ScriptSyntaxError('unexpected EOF while looking for matching `"\'');
      word = (word ?? '') + s;
      i = j + 1;
    } else if (c === '\\') {
      if (script[i + 1] === '\n') i += 2;
      else {
        word = (word ?? '') + (script[i + 1] ?? '');
        i += 2;
      }
    } else if (c === '#' && word === null) {
      while (i < script.length && script[i] !== '\n') i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      i++;
    } else if (c === '\n' || c === ';') {
      flush();
      tokens.push({ kind: 'op', value: c === ';' ? ';' : '\n' });
      i++;
    } else if (c === '&' && script[i + 1] === '&') {
      flush();
      tokens.push({ kind: 'op', value: '&&' });
      i += 2;
    } else if (c === '|') {
      flush();
      if (script[i + 1] === '|') {
        tokens.push({ kind: 'op', value: '||' });
        i += 2;
      } else {
        tokens.push({ kind: 'op', value: '|' });
        i++;
      }
    } else if (c === '>' || (c === '&' && script[i + 1] === '>')) {
      // `2>/dev/null`, `>&2`, `2>&1`, `&>/dev/null`: the fd digit (if any) is the word so far.
      const fd = word !== null && /^\d$/.test(word) ? word : '';
      if (word !== null && fd === '') flush();
      word = null;
      let op = c === '&' ? '&>' : '>';
      i += c === '&' ? 2 : 1;
      if (script[i] === '>') {
        op += '>';
        i++;
      }
      if (script[i] === '&' && /\d/.test(script[i + 1] ?? '')) {
        op += `&${script[i + 1]}`;
        i += 2;
      }
      tokens.push({ kind: 'redir', value: fd + op });
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  flush();
  return tokens;
}

/** Parses a script into an and-or list of pipelines. */
export function parseScript(script: string): ListItem[] {
  const tokens = tokenize(script);
  const items: ListItem[] = [];
  let op: ListItem['op'] = ';';
  let pipeline: Pipeline = [];
  let cmd: SimpleCommand = { argv: [], redirects: [] };
  const endCommand = (required: boolean, near: string) => {
    if (cmd.argv.length === 0) {
      if (required) throw new ScriptSyntaxError(`syntax error near unexpected token \`${near}'`);
      return false;
    }
    pipeline.push(cmd);
    cmd = { argv: [], redirects: [] };
    return true;
  };
  const endPipeline = (near: string) => {
    const had = endCommand(pipeline.length > 0, near);
    if (had) items.push({ op, pipeline });
    pipeline = [];
    return had;
  };
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (tok.kind === 'word') cmd.argv.push(tok.value);
    else if (tok.kind === 'redir') {
      let target = '';
      const m = /^(\d?)(&?>>?)(?:&(\d))?$/.exec(tok.value)!;
      if (m[3]) target = `&${m[3]}`;
      else {
        const next = tokens[++t];
        if (!next || next.kind !== 'word') throw new ScriptSyntaxError("syntax error near unexpected token `newline'");
        target = next.value;
      }
      const fds: Array<1 | 2> = m[2].startsWith('&') ? [1, 2] : [m[1] === '2' ? 2 : 1];
      for (const fd of fds) {
        const to: Redirect['to'] = target === '&1' ? 1 : target === '&2' ? 2 : 'null';
        // Files other than /dev/null are not simulated; their output is dropped like /dev/null.
        cmd.redirects.push({ fd, to });
      }
    } else if (tok.value === '|') endCommand(true, '|');
    else if (tok.value === '&&' || tok.value === '||') {
      if (!endPipeline(tok.value)) throw new ScriptSyntaxError(`syntax error near unexpected token \`${tok.value}'`);
      op = tok.value;
    } else {
      const had = endPipeline(tok.value === '\n' ? 'newline' : ';');
      if (!had && tok.value === ';' && op === ';' && items.length === 0 && pipeline.length === 0) {
        throw new ScriptSyntaxError("syntax error near unexpected token `;'");
      }
      if (had || op === ';') op = ';';
    }
  }
  endPipeline('newline');
  return items;
}
